namespace Laurel.Features.Recognition.Courses;

/// <summary>The course form: new (no course id) or one course.</summary>
public static class CourseRoutes
{
    public static string Edit(Guid institutionId, Guid? courseId) =>
        RecognitionRoutes.Courses(institutionId) + (courseId is { } id ? $"/edit/{id}" : "/edit");
}
