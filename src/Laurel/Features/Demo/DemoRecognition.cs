using Laurel.Features.Presentations;
using Laurel.Features.Recognition;
using Laurel.Infrastructure.Database;
using Laurel.Infrastructure.Web;

namespace Laurel.Features.Demo;

/// <summary>
/// Courses of UU's Faculty of Science that the exam board accepts micro-credentials for, so that a fresh <c>dotnet run</c> lets the
/// demo learner apply for exemptions with her two badges from two institutions (Data Literacy from UU, Solar Energy Systems from
/// TU Delft): Data Science 1 and Sustainable Energy are met, AI Ethics (with a partial rule) is not.
/// </summary>
internal static class DemoRecognition
{
    public static async Task AddAsync(IServiceProvider services, Guid institutionId, Guid facultyId, DateTime now, CancellationToken ct)
    {
        var db = services.GetRequiredService<LaurelDb>();
        // Rules name issuers by their DID, which follows this deployment's public address.
        var tudelft = services.GetRequiredService<PublicOrigin>().InstitutionDid("tudelft");
        RecognitionCourse Course(string code, string nl, string en, decimal ec, params RecognitionRule[] rules) => new()
        {
            Id = Guid.CreateVersion7(), InstitutionId = institutionId, FacultyId = facultyId, Code = code, NameNl = nl, NameEn = en,
            Programme = "BSc Informatica / Computing Science", ProgrammeCode = "56980", Ec = ec, Rules = [.. rules], CreatedAt = now, UpdatedAt = now,
        };
        db.AddRange(
            Course("INFOB1DS", "Data Science 1", "Data Science 1", 5m, new RecognitionRule
            {
                Criteria = new BadgeCriteria { MicroCredentialOnly = true, MinEqfLevel = 6, MinCreditsEc = 4m },
                NoteNl = "Elke microcredential op EQF-niveau 6 of hoger met minstens 4 EC.", NoteEn = "Any micro-credential at EQF level 6 or higher with at least 4 EC.",
            }),
            Course("INFOMAIE", "AI-ethiek", "AI Ethics", 7.5m,
                new RecognitionRule
                {
                    Criteria = new BadgeCriteria { AnyLearningOutcomes = ["ethics of AI", "AI ethics", "ethiek van AI"] },
                    NoteNl = "Een badge met ethiek van AI als leeruitkomst.", NoteEn = "A badge with the ethics of AI as a learning outcome.",
                },
                new RecognitionRule
                {
                    Criteria = new BadgeCriteria { MicroCredentialOnly = true, MinEqfLevel = 7 }, Partial = true, PartialEc = 2.5m,
                    NoteNl = "Een microcredential op EQF 7 geeft vrijstelling van het werkcollege (2,5 EC).",
                    NoteEn = "A micro-credential at EQF 7 exempts from the tutorial part (2.5 EC).",
                }),
            Course("INFOSE", "Duurzame energie", "Sustainable Energy", 5m, new RecognitionRule
            {
                Criteria = new BadgeCriteria { IssuerIds = [tudelft], MinEqfLevel = 6 },
                NoteNl = "Een badge van TU Delft op EQF-niveau 6 of hoger.", NoteEn = "A TU Delft badge at EQF level 6 or higher.",
            }));
        await db.SaveChangesAsync(ct);
    }
}
