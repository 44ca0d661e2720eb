namespace Laurel.Features.Recognition;

/// <summary>Addresses of the recognition feature (learner pages in the backpack, staff pages under manage, the SIS API).</summary>
public static class RecognitionRoutes
{
    /// <summary>The learner's applications, and the page to start one.</summary>
    public const string MyApplications = "/backpack/exemptions";
    public const string Apply = "/backpack/exemptions/new";
    public static string MyApplication(Guid applicationId) => $"/backpack/exemptions/{applicationId}";
    /// <summary>The decision letter (PDF) of a decided application: its learner and the institution's staff with View may download it.</summary>
    public static string Letter(Guid applicationId) => $"/backpack/exemptions/{applicationId}/letter.pdf";

    /// <summary>Staff: courses and their recognition rules, the queue of applications, one application to decide.</summary>
    public static string Courses(Guid institutionId) => $"/manage/institutions/{institutionId}/recognition/courses";
    public static string Queue(Guid institutionId) => $"/manage/institutions/{institutionId}/recognition/applications";
    public static string Decide(Guid institutionId, Guid applicationId) => $"/manage/institutions/{institutionId}/recognition/applications/{applicationId}";

    /// <summary>Decided exemptions for the student information system (API client scope <c>recognition:read</c>).</summary>
    public const string ExemptionsApi = "/api/v1/recognition/exemptions";
}
