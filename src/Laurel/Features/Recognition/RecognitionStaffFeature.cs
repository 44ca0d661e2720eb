using Laurel.Features.Recognition.Api;
using Laurel.Features.Recognition.Courses;
using Laurel.Features.Recognition.Decisions;

namespace Laurel.Features.Recognition;

/// <summary>The staff side of recognition: courses and rules, the exam board's queue and decisions, letters, the SIS API.</summary>
public static class RecognitionStaffFeature
{
    public static IServiceCollection AddRecognitionStaff(this IServiceCollection services) => services
        .AddScoped<RecognitionStaff>().AddScoped<CourseService>().AddScoped<ApplicationQueue>().AddScoped<DecisionService>()
        .AddScoped<DecisionNotices>().AddScoped<DecisionCredentials>();

    public static IEndpointRouteBuilder MapRecognitionStaff(this IEndpointRouteBuilder app) => app.MapDecisionLetters().MapExemptionsApi();
}
