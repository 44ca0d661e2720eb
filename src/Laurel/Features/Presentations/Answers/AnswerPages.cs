namespace Laurel.Features.Presentations.Answers;

/// <summary>Services of the learner's ask and answer pages.</summary>
public static class AnswerPages
{
    public static IServiceCollection AddAnswerPages(this IServiceCollection services) => services.AddScoped<AnswerCandidates>();
}
