using Laurel.Features.Achievements;
using Laurel.Features.Identity;
using Laurel.Features.Identity.ApiClients;
using Laurel.Features.Institutions;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Demo;

/// <summary>Demo institutions, people and micro-credentials so that a fresh <c>dotnet run</c> has something to show.</summary>
public static class DemoData
{
    public const string DemoApiClientId = "demo-uu-sis";
    public const string DemoApiClientSecret = "demo-secret-change-me";

    /// <summary>Adds the demo data to an empty database; returns false (and changes nothing) otherwise.</summary>
    public static async Task<bool> SeedAsync(IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LaurelDb>();
        if (await db.Institutions.AnyAsync(ct)) return false;
        var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;

        var uu = new Institution
        {
            Id = Guid.CreateVersion7(), Slug = "uu", NameNl = "Universiteit Utrecht", NameEn = "Utrecht University",
            Identifier = "uu.nl", Brin = "21PD", Type = InstitutionType.WO, MicroCredentialsEnabled = true,
            Volume = new VolumePolicy { MinHours = 28, MaxHours = 840 }, EppnPattern = @"^[^@\s]+@(students\.)?uu\.nl$",
            LinkedInOrganizationId = "15096", CreatedAt = now,
        };
        var tud = new Institution
        {
            Id = Guid.CreateVersion7(), Slug = "tudelft", NameNl = "Technische Universiteit Delft", NameEn = "Delft University of Technology",
            Identifier = "tudelft.nl", Brin = "21PF", Type = InstitutionType.WO, MicroCredentialsEnabled = true,
            ContinuingEducationOnly = true, CreatedAt = now,
        };
        var science = new Faculty { Id = Guid.CreateVersion7(), InstitutionId = uu.Id, NameNl = "Faculteit Bètawetenschappen", NameEn = "Faculty of Science", CreatedAt = now };
        var informatica = new Issuer
        {
            Id = Guid.CreateVersion7(), FacultyId = science.Id, NameNl = "Informatica", NameEn = "Computing Science",
            DescriptionNl = "Bachelor- en masteronderwijs en professionele ontwikkeling in de informatica.",
            DescriptionEn = "Bachelor's, master's and professional education in computing science.",
            Url = "https://www.uu.nl/", Email = "badges@uu.example", CreatedAt = now,
        };
        var eemcs = new Faculty { Id = Guid.CreateVersion7(), InstitutionId = tud.Id, NameNl = "Extension School", NameEn = "Extension School", CreatedAt = now };
        var extension = new Issuer
        {
            Id = Guid.CreateVersion7(), FacultyId = eemcs.Id, NameNl = "TU Delft Extension School", NameEn = "TU Delft Extension School",
            Email = "extension@tudelft.example", CreatedAt = now, // OB 2.0 issuer documents require a contact e-mail
        };
        db.AddRange(uu, tud, science, informatica, eemcs, extension);

        Person Persona(string key, string name, string email)
        {
            // Demo personas stand for accounts whose provider verified the address.
            var person = new Person
            {
                Id = Guid.CreateVersion7(), DisplayName = name, ValidatedName = name, Email = email, EmailVerification = EmailVerification.Provider,
                NameVerified = true, CreatedAt = now,
            };
            person.Identities.Add(new LinkedIdentity
            {
                Id = Guid.CreateVersion7(), Provider = SignInModel.DemoProvider, Subject = key, Email = email,
                EmailVerification = EmailVerification.Provider, LinkedAt = now,
            });
            db.Persons.Add(person);
            return person;
        }
        void Grant(Person person, StaffRole role, ScopeLevel level, Guid scopeId, Guid institutionId) =>
            db.StaffMemberships.Add(new StaffMembership
            {
                Id = Guid.CreateVersion7(), PersonId = person.Id, Role = role, Level = level, ScopeId = scopeId,
                InstitutionId = institutionId, CreatedAt = now, AcceptedAt = now,
            });

        var learner = Persona("learner", "Lotte de Vries", "lotte@example.org");
        learner.Identities.Add(new LinkedIdentity
        {
            Id = Guid.CreateVersion7(), Provider = "eduid", Subject = "demo-eduid-lotte", Email = "lotte@example.org",
            EmailVerification = EmailVerification.Provider, LinkedAt = now,
        });
        learner.Identities.Add(new LinkedIdentity
        {
            Id = Guid.CreateVersion7(), Provider = "surfconext", Subject = "demo-uu-lotte", Eppn = "l.devries@students.uu.nl",
            HomeOrganisation = "uu.nl", Affiliations = ["student"], LinkedAt = now,
        });
        Grant(Persona("institution-admin", "Hans Visser", "h.visser@uu.example"), StaffRole.InstitutionAdmin, ScopeLevel.Institution, uu.Id, uu.Id);
        Grant(Persona("faculty-admin", "Fatima El Amrani", "f.elamrani@uu.example"), StaffRole.FacultyAdmin, ScopeLevel.Faculty, science.Id, uu.Id);
        Grant(Persona("issuer-admin", "Iris Jansen", "i.jansen@uu.example"), StaffRole.IssuerAdmin, ScopeLevel.Issuer, informatica.Id, uu.Id);
        Grant(Persona("awarder", "Ahmed Bakker", "a.bakker@uu.example"), StaffRole.Awarder, ScopeLevel.Issuer, informatica.Id, uu.Id);
        Grant(Persona("viewer", "Vera de Wit", "v.dewit@uu.example"), StaffRole.Viewer, ScopeLevel.Issuer, informatica.Id, uu.Id);
        // The exam board of the Faculty of Science decides exemptions (Award right at faculty level, no right to define badges).
        Grant(Persona("exam-board", "Eline Smit", "examencommissie.science@uu.example"), StaffRole.Awarder, ScopeLevel.Faculty, science.Id, uu.Id);
        // An employer: an ordinary account, no staff role anywhere; asks learners for badges (presentation requests).
        Persona("employer", "Eva Mulder", "eva.mulder@werkgever.example");

        // Documented in README.md ("Integrations (demo API client)"); exists only in Development demo data.
        db.ApiClients.Add(new ApiClient
        {
            Id = Guid.CreateVersion7(), InstitutionId = uu.Id, Name = "Demo student information system", ClientId = DemoApiClientId,
            SecretHash = ApiClientSecrets.Hash(DemoApiClientSecret), Scopes = [.. ApiScopes.All], CreatedAt = now,
        });

        // Written in English (the signed badge's language) with a Dutch translation, so both catalogs read naturally.
        // The course names are the same in both languages, as they are in many Dutch continuing-education catalogs.
        db.Achievements.AddRange(
            Dutch(MicroCredential(informatica, uu, now, "Data Literacy for Professionals",
                "Interpret, clean and visualise data sets to support decisions at work.", 6, 5m, AssessmentType.Portfolio, "en"),
                "Data interpreteren, opschonen en visualiseren om beslissingen in je werk te onderbouwen."),
            Dutch(MicroCredential(informatica, uu, now, "Responsible AI in Practice",
                "Assess the risks of AI systems and apply the EU AI Act in your organisation.", 7, 3m, AssessmentType.Testing, "en"),
                "De risico's van AI-systemen beoordelen en de Europese AI-verordening toepassen in je organisatie."),
            Dutch(MicroCredential(extension, tud, now, "Solar Energy Systems",
                "Design and evaluate photovoltaic systems for homes and businesses.", 6, 4m, AssessmentType.ApplicationOfSkill, "en"),
                "Zonnestroomsystemen ontwerpen en beoordelen voor woningen en bedrijven."));
        await db.SaveChangesAsync(ct);
        await DemoRecognition.AddAsync(scope.ServiceProvider, uu.Id, science.Id, now, ct);
        if (scope.ServiceProvider.GetRequiredService<IConfiguration>().GetValue("Laurel:Demo:SampleAwards", true))
            await DemoAwards.AddAsync(services, ct);
        return true;
    }

    private static Achievement MicroCredential(Issuer issuer, Institution institution, DateTime now, string name, string description,
        int eqf, decimal ec, AssessmentType assessment, string language)
    {
        var id = Guid.CreateVersion7();
        return new Achievement
        {
            Id = id, LineageId = id, IssuerId = issuer.Id, InstitutionId = institution.Id,
            Kind = AchievementKind.MicroCredential, Status = AchievementStatus.Published,
            Name = name, Description = description, Language = language,
            CriteriaMarkdown = "Pass the final assessment with a grade of at least **5.5**.",
            LearningOutcomes = "- Explain the core concepts\n- Apply them to a case from your own work\n- Reflect on the results",
            EqfLevel = eqf, NlqfLevel = eqf, StudyLoadUnit = StudyLoadUnit.Ec, StudyLoad = ec,
            ParticipationForms = [ParticipationForm.OnsiteOrBlended], AssessmentTypes = [assessment],
            Supervision = AssessmentSupervision.OnsiteWithIdentityCheck, IdentityChecked = true,
            QualityAssuranceName = "Kwaliteitskader microcredentials HO", QualityAssuranceUrl = "https://npuls.nl/pilot-microcredentials/",
            QualityAssuranceDescription = "Quality framework of the Dutch higher-education micro-credential pilot.",
            Stackable = true, GradeRequired = true, Tags = ["professional"],
            CreatedAt = now, UpdatedAt = now, PublishedAt = now,
        };
    }

    private static Achievement Dutch(Achievement a, string description)
    {
        a.Translations.Add(new AchievementTranslation
        {
            Language = "nl", Name = a.Name, Description = description,
            CriteriaMarkdown = "Rond de eindtoets af met minimaal een **5,5**.",
            LearningOutcomes = "- De kernbegrippen uitleggen\n- Ze toepassen op een casus uit je eigen werk\n- Op de resultaten reflecteren",
        });
        return a;
    }
}
