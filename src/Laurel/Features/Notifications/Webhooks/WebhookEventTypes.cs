namespace Laurel.Features.Notifications.Webhooks;

/// <summary>The events an endpoint can subscribe to (names as in the <c>Laurel-Event</c> header and the payload's <c>type</c>).</summary>
public static class WebhookEventTypes
{
    public const string AwardIssued = "award.issued";
    public const string AwardClaimed = "award.claimed";
    public const string AwardDeclined = "award.declined";
    public const string AwardExpired = "award.expired";
    public const string AwardRevoked = "award.revoked";
    public const string AwardSuspended = "award.suspended";
    public const string AwardReinstated = "award.reinstated";
    /// <summary>Staff took back an award that was still waiting for its claim (the learner never held it).</summary>
    public const string AwardWithdrawn = "award.withdrawn";
    /// <summary>The exam board decided every course of an application for exemptions (issue 17; payload in docs/recognition.md).</summary>
    public const string RecognitionDecided = "recognition.decided";
    /// <summary>Sent only on request from the endpoint's page, to test the receiver; every endpoint gets it.</summary>
    public const string Ping = "ping";

    public static readonly string[] All = [AwardIssued, AwardClaimed, AwardDeclined, AwardExpired, AwardRevoked, AwardSuspended, AwardReinstated, AwardWithdrawn,
        RecognitionDecided];
}
