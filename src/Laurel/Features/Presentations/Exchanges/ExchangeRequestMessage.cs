using System.Globalization;
using System.Text.Json.Nodes;
using Laurel.Credentials.OpenBadges;
using Laurel.Infrastructure.Web;

namespace Laurel.Features.Presentations.Exchanges;

/// <summary>
/// The verifiable presentation request (VCALM §"Verifiable Presentation Request", schemas/qbe.json) Laurel answers when a wallet
/// starts the exchange of a presentation request: one <c>QueryByExample</c> for an Open Badges 3.0 credential and one
/// <c>DIDAuthentication</c> with did:key, so the wallet signs the presentation as the DID the badge was issued to.
/// </summary>
public static class ExchangeRequestMessage
{
    /// <summary>
    /// The request for one session. <c>credentialQuery</c> is an object, not an array: VCALM's QueryByExample schema defines it so,
    /// and the DCC Learner Credential Wallet reads <c>credentialQuery.example</c> and matches every key of the example against its
    /// credentials (arrays: all listed values present), so the example holds only what a Laurel-signed OB 3.0 badge always has.
    /// </summary>
    public static JsonObject Build(PresentationRequest request, PresentationSession session, PublicOrigin origin) => new()
    {
        ["query"] = new JsonArray(
            new JsonObject
            {
                ["type"] = "QueryByExample",
                ["credentialQuery"] = new JsonObject
                {
                    ["reason"] = Reason(request),
                    ["example"] = Example(request.Criteria),
                    ["acceptedCryptosuites"] = new JsonArray(new JsonObject { ["cryptosuite"] = "eddsa-rdfc-2022" }),
                },
            },
            new JsonObject
            {
                ["type"] = "DIDAuthentication",
                ["acceptedMethods"] = new JsonArray(new JsonObject { ["method"] = "key" }),
                ["acceptedCryptosuites"] = new JsonArray(new JsonObject { ["cryptosuite"] = "eddsa-rdfc-2022" }),
            }),
        ["challenge"] = session.Nonce,
        ["domain"] = Domain(origin),
        ["interact"] = new JsonObject
        {
            ["service"] = new JsonArray(new JsonObject
            {
                ["type"] = "UnmediatedPresentationService2021",
                ["serviceEndpoint"] = origin.Url(PresentationRoutes.VcApiExchangeStep(request.Id, session.Id)),
            }),
        },
    };

    /// <summary>
    /// The proof's <c>domain</c>: Laurel's public origin (<c>Laurel:PublicBaseUrl</c>, e.g. <c>https://badges.example.edu</c>), the
    /// same value the issuance exchange asks for, so a presentation made for another site (or another Laurel) is refused.
    /// </summary>
    public static string Domain(PublicOrigin origin) => origin.Root;

    /// <summary>The verifier's purpose in the wallet's language (its Accept-Language, through request localization), the other one when empty.</summary>
    public static string Reason(PresentationRequest request)
    {
        var dutch = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "nl";
        var (first, second) = dutch ? (request.PurposeNl, request.PurposeEn) : (request.PurposeEn, request.PurposeNl);
        var text = string.IsNullOrWhiteSpace(first) ? second : first;
        return string.IsNullOrWhiteSpace(text) ? request.Title : text;
    }

    private static JsonObject Example(BadgeCriteria criteria)
    {
        var example = new JsonObject
        {
            ["@context"] = new JsonArray(OpenBadgeConstants.CredentialsV2Context, OpenBadgeConstants.OpenBadgesContext),
            ["type"] = new JsonArray("VerifiableCredential", "OpenBadgeCredential"),
        };
        // One named achievement narrows the wallet's choice to it; with several, the wallet offers every badge and Laurel judges.
        if (criteria.AchievementIds is [var only])
            example["credentialSubject"] = new JsonObject { ["achievement"] = new JsonObject { ["id"] = only } };
        return example;
    }
}
