using Laurel.Features.Achievements;
using Laurel.Features.Demo;
using Laurel.Features.Institutions;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Dev;

/// <summary>
/// The institutions and definitions a load seed spreads its awards over: the demo data, load-test institutions up to the number
/// asked, and published micro-credentials named <see cref="NamePrefix"/> round-robin over their issuers. An appending run reuses them.
/// </summary>
internal static class LoadSeedCatalog
{
    public const string NamePrefix = "Load test course ";
    public const string SlugPrefix = "load";

    private static readonly string[] Topics =
    [
        "Data Literacy", "Responsible AI", "Solar Energy", "Project Management", "Academic Writing", "Circular Economy",
        "Cyber Security", "Public Health", "Urban Mobility", "Supply Chains", "Behavioural Economics", "Water Management",
    ];

    /// <summary>The load definitions (Issuer → Faculty → Institution loaded), made first when there are none.</summary>
    public static async Task<List<Achievement>> EnsureAsync(IServiceProvider services, LoadSeedOptions options, bool exists, TextWriter log, CancellationToken ct)
    {
        if (await DemoData.SeedAsync(services, ct)) log.WriteLine("Demo data added (institutions uu and tudelft, demo personas, API client).");
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LaurelDb>();
        if (!exists)
        {
            var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
            var issuers = await db.Issuers.AsNoTracking().Include(i => i.Faculty).OrderBy(i => i.CreatedAt).ToListAsync(ct);
            var institutions = await db.Institutions.AsNoTracking().OrderBy(i => i.CreatedAt).ToListAsync(ct);
            for (var n = institutions.Count + 1; n <= options.Institutions; n++) issuers.Add(AddInstitution(db, n, now));
            // One issuer per institution, the first of each, so definitions spread evenly over institutions.
            var perInstitution = issuers.GroupBy(i => i.Faculty?.InstitutionId ?? Guid.Empty).Select(g => g.First()).Take(options.Institutions).ToList();
            for (var n = 0; n < options.Definitions; n++)
            {
                var issuer = perInstitution[n % perInstitution.Count];
                db.Achievements.Add(Definition(issuer.Id, issuer.Faculty!.InstitutionId, n + 1, now));
            }
            await db.SaveChangesAsync(ct);
            log.WriteLine($"Made {options.Definitions:N0} definitions over {perInstitution.Count} institutions.");
        }
        return await db.Achievements.AsNoTracking().Where(a => a.Name.StartsWith(NamePrefix))
            .Include(a => a.Issuer!).ThenInclude(i => i.Faculty!).ThenInclude(f => f.Institution!)
            .OrderBy(a => a.Name).ToListAsync(ct);
    }

    /// <summary>How many load definitions there are (more than none: this database was load-seeded before).</summary>
    public static Task<int> CountAsync(LaurelDb db, CancellationToken ct) => db.Achievements.CountAsync(a => a.Name.StartsWith(NamePrefix), ct);

    private static Issuer AddInstitution(LaurelDb db, int n, DateTime now)
    {
        var institution = new Institution
        {
            Id = Guid.CreateVersion7(), Slug = $"{SlugPrefix}{n}", NameNl = $"Hogeschool Laadtest {n}", NameEn = $"Load Test University of Applied Sciences {n}",
            Identifier = $"{SlugPrefix}{n}.example.nl", Type = InstitutionType.HBO, MicroCredentialsEnabled = true,
            EppnPattern = $@"^[^@\s]+@{SlugPrefix}{n}\.example\.nl$", CreatedAt = now,
        };
        var faculty = new Faculty { Id = Guid.CreateVersion7(), InstitutionId = institution.Id, NameNl = "Academie Techniek", NameEn = "School of Engineering", CreatedAt = now };
        var issuer = new Issuer
        {
            Id = Guid.CreateVersion7(), FacultyId = faculty.Id, NameNl = "Leven Lang Ontwikkelen", NameEn = "Lifelong Learning",
            Email = $"badges@{SlugPrefix}{n}.example.nl", CreatedAt = now, // OB 2.0 issuer documents need a contact e-mail
        };
        db.AddRange(institution, faculty, issuer);
        issuer.Faculty = faculty;
        return issuer;
    }

    // As the demo micro-credentials, with every element the EU list asks for, so the credentials are as large as real ones.
    private static Achievement Definition(Guid issuerId, Guid institutionId, int n, DateTime now)
    {
        var id = Guid.CreateVersion7();
        var topic = Topics[n % Topics.Length];
        var a = new Achievement
        {
            Id = id, LineageId = id, IssuerId = issuerId, InstitutionId = institutionId,
            Kind = AchievementKind.MicroCredential, Status = AchievementStatus.Published,
            Name = $"{NamePrefix}{n:D4}: {topic}", Description = $"Apply {topic.ToLowerInvariant()} to a case from your own work (load test definition {n}).",
            Language = "en",
            CriteriaMarkdown = "Pass the final assessment with a grade of at least **5.5**.",
            LearningOutcomes = "- Explain the core concepts\n- Apply them to a case from your own work\n- Reflect on the results",
            EqfLevel = 5 + n % 3, NlqfLevel = 5 + n % 3, StudyLoadUnit = StudyLoadUnit.Ec, StudyLoad = 3 + n % 5,
            ParticipationForms = [ParticipationForm.OnsiteOrBlended], AssessmentTypes = [AssessmentType.Portfolio],
            Supervision = AssessmentSupervision.OnsiteWithIdentityCheck, IdentityChecked = true,
            QualityAssuranceName = "Kwaliteitskader microcredentials HO", QualityAssuranceUrl = "https://npuls.nl/pilot-microcredentials/",
            QualityAssuranceDescription = "Quality framework of the Dutch higher-education micro-credential pilot.",
            Stackable = true, GradeRequired = true, Tags = ["professional", "load-test"],
            CreatedAt = now, UpdatedAt = now, PublishedAt = now, FrozenAt = now,
        };
        a.Translations.Add(new AchievementTranslation
        {
            Language = "nl", Name = a.Name, Description = $"Pas {topic.ToLowerInvariant()} toe op een casus uit je eigen werk.",
            CriteriaMarkdown = "Rond de eindtoets af met minimaal een **5,5**.",
            LearningOutcomes = "- De kernbegrippen uitleggen\n- Ze toepassen op een casus uit je eigen werk\n- Op de resultaten reflecteren",
        });
        return a;
    }
}
