using Laurel.Features.Presentations;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Tests.Presentations.Core;

/// <summary>
/// The one judge of answers from every channel: what it accepts is stored once per holder; what it refuses leaves nothing but the
/// refusal code on the session. The channels' own checks (proofs, key binding) have their own tests.
/// </summary>
public abstract class PresentationAnswersTests(LaurelHost host)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly PresentedCheck Passed = new("proof", true, "proof.valid");

    private async Task<Guid> NewRequestAsync(Action<PresentationRequest>? change = null)
    {
        var owner = await host.OtherLearnerIdAsync();
        return await host.DbAsync(async db =>
        {
            var request = new PresentationRequest
            {
                Id = Guid.CreateVersion7(), OwnerPersonId = owner, Title = "Data analyst", PurposeNl = "Vacature", PurposeEn = "Vacancy",
                Criteria = new BadgeCriteria { MinEqfLevel = 6, MinCreditsEc = 4 }, RequiredFacts = [DisclosedFact.RecipientName],
                CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
            };
            change?.Invoke(request);
            db.Add(request);
            await db.SaveChangesAsync();
            return request.Id;
        });
    }

    private Task<PresentationSession> SessionAsync(Guid requestId) =>
        host.InScopeAsync(async sp => (await sp.GetRequiredService<PresentationSessions>().StartAsync(requestId, PresentationChannel.OpenId4Vp, Ct))!);

    private static PresentedCredential Badge(int eqf = 7, bool bound = true, string name = "Lotte de Vries", params PresentedCheck[] checks) => new()
    {
        Format = PresentationFormats.SdJwtVc, Checks = checks.Length == 0 ? [Passed, new("status", true, "status.active")] : checks,
        Facts = new BadgeFacts { AchievementName = "Data Literacy", IssuerName = "Utrecht University", EqfLevel = eqf, CreditsEc = 5 },
        BoundToHolder = bound, BindingCode = bound ? "holder.cnf" : "holder.not_bound",
        Disclosed = name.Length > 0 ? new Dictionary<DisclosedFact, string> { [DisclosedFact.RecipientName] = name } : [],
        Withheld = name.Length > 0 ? [DisclosedFact.Grade, DisclosedFact.Evidence] : [DisclosedFact.RecipientName, DisclosedFact.Grade, DisclosedFact.Evidence],
    };

    private static PresentationAnswer Answer(Guid requestId, Guid? sessionId, string holder, params PresentedCredential[] badges) => new()
    {
        RequestId = requestId, SessionId = sessionId, Channel = PresentationChannel.OpenId4Vp, HolderKey = holder, HolderName = "Lotte de Vries",
        PresentationChecks = [new("key_binding", true, "kb.valid")], Credentials = badges,
    };

    private Task<AnswerOutcome> RecordAsync(PresentationAnswer answer) =>
        host.InScopeAsync(sp => sp.GetRequiredService<IPresentationAnswers>().RecordAsync(answer, Ct));

    private Task<List<PresentationResponse>> ResponsesAsync(Guid requestId) =>
        host.DbAsync(db => db.Set<PresentationResponse>().Where(r => r.RequestId == requestId).ToListAsync());

    [Fact]
    public async Task A_valid_answer_is_stored_with_its_checks_disclosures_and_criteria_results()
    {
        var request = await NewRequestAsync();
        var session = await SessionAsync(request);
        var outcome = await RecordAsync(Answer(request, session.Id, "jwk:abc", Badge()));
        Assert.True(outcome.Accepted, outcome.RefusalMessage);
        var stored = Assert.Single(await ResponsesAsync(request));
        Assert.Equal(("Lotte de Vries", 1), (stored.HolderName, stored.AnswerCount));
        var badge = Assert.Single(stored.Credentials);
        Assert.Equal("Lotte de Vries", badge.Disclosed[DisclosedFact.RecipientName]);
        Assert.All(Assert.Single(stored.CriteriaResults), r => Assert.True(r.Met));
        Assert.Equal(stored.Id, await host.DbAsync(db => db.Set<PresentationSession>().Where(s => s.Id == session.Id).Select(s => s.ResponseId).SingleAsync()));
    }

    [Fact]
    public async Task The_same_nonce_answers_once_only()
    {
        var request = await NewRequestAsync();
        var session = await SessionAsync(request);
        Assert.True((await RecordAsync(Answer(request, session.Id, "jwk:abc", Badge()))).Accepted);
        var replay = await RecordAsync(Answer(request, session.Id, "jwk:other", Badge()));
        Assert.Equal((false, "nonce.replayed"), (replay.Accepted, replay.RefusalCode));
        Assert.Single(await ResponsesAsync(request));
    }

    [Fact]
    public async Task A_second_answer_from_the_same_holder_updates_the_first()
    {
        var request = await NewRequestAsync();
        Assert.True((await RecordAsync(Answer(request, (await SessionAsync(request)).Id, "jwk:abc", Badge(eqf: 6)))).Accepted);
        Assert.True((await RecordAsync(Answer(request, (await SessionAsync(request)).Id, "jwk:abc", Badge(eqf: 8)))).Accepted);
        var stored = Assert.Single(await ResponsesAsync(request));
        Assert.Equal((2, 8), (stored.AnswerCount, stored.Credentials[0].Facts.EqfLevel));
    }

    public static TheoryData<string> Refusals => ["closed", "failed_check", "not_bound", "name_withheld", "criteria", "none", "expired"];

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task A_refused_answer_stores_nothing_and_says_why(string what)
    {
        var request = await NewRequestAsync(r => { if (what == "closed") r.ClosedAt = DateTime.UtcNow; });
        var session = what == "closed"
            ? await host.DbAsync(async db =>
            {
                var s = new PresentationSession { Id = Guid.CreateVersion7(), RequestId = request, Nonce = PresentationSessions.NewRandom(), CreatedAt = DateTime.UtcNow, ExpiresAt = DateTime.UtcNow.AddMinutes(5) };
                db.Add(s);
                await db.SaveChangesAsync();
                return s;
            })
            : await SessionAsync(request);
        if (what == "expired") await host.DbAsync(db => db.Set<PresentationSession>().Where(s => s.Id == session.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.ExpiresAt, DateTime.UtcNow.AddMinutes(-1))));
        var answer = what switch
        {
            "failed_check" => Answer(request, session.Id, "jwk:abc", Badge(checks: [Passed, new("status", false, "status.revoked")])),
            "not_bound" => Answer(request, session.Id, "jwk:abc", Badge(bound: false)),
            "name_withheld" => Answer(request, session.Id, "jwk:abc", Badge(name: "")),
            "criteria" => Answer(request, session.Id, "jwk:abc", Badge(eqf: 5)),
            "none" => Answer(request, session.Id, "jwk:abc"),
            _ => Answer(request, session.Id, "jwk:abc", Badge()),
        };
        var outcome = await RecordAsync(answer);
        var expected = what switch
        {
            "closed" => "request.closed",
            "failed_check" => "credential.invalid",
            "not_bound" => "credential.not_holders",
            "name_withheld" => "disclosure.missing",
            "criteria" => "criteria.unmet",
            "none" => "credentials.none",
            _ => "session.expired",
        };
        Assert.Equal((false, expected), (outcome.Accepted, outcome.RefusalCode));
        Assert.Empty(await ResponsesAsync(request));
        Assert.Equal(expected, await host.DbAsync(db => db.Set<PresentationSession>().Where(s => s.Id == session.Id).Select(s => s.RefusalCode).SingleAsync()));
        if (what == "criteria") Assert.Contains("EQF 5 < 6", outcome.Detail);
        if (what == "failed_check") Assert.Equal("status.revoked", outcome.Detail);
    }

    [Fact]
    public async Task A_single_use_request_closes_after_its_first_answer()
    {
        var request = await NewRequestAsync(r => r.Reusable = false);
        Assert.True((await RecordAsync(Answer(request, (await SessionAsync(request)).Id, "jwk:abc", Badge()))).Accepted);
        Assert.NotNull(await host.DbAsync(db => db.Set<PresentationRequest>().Where(r => r.Id == request).Select(r => r.ClosedAt).SingleAsync()));
        Assert.Null(await host.InScopeAsync(sp => sp.GetRequiredService<PresentationSessions>().StartAsync(request, PresentationChannel.VcApi, Ct)));
    }
}

public sealed class PresentationAnswersTestsOnSqlite(SqliteHost host) : PresentationAnswersTests(host), IClassFixture<SqliteHost>;

public sealed class PresentationAnswersTestsOnPostgres(PostgresHost host) : PresentationAnswersTests(host), IClassFixture<PostgresHost>;
