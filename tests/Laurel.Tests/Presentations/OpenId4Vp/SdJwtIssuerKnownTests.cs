using Laurel.Credentials.Keys;
using Laurel.Features.Presentations;
using Laurel.Features.Wallets;
using Laurel.Tests.Wallets;
using static Laurel.Tests.Presentations.OpenId4Vp.OpenId4VpKit;

namespace Laurel.Tests.Presentations.OpenId4Vp;

/// <summary>
/// Issue 12 finding 1: an SD-JWT VC presented to a request carries the same "issuer known" check as an ldp_vc
/// (<see cref="PresentedIssuerCheck"/>): it passes for an institution on this Laurel (or the trusted-issuer list) and fails
/// when the signature does not prove the issuer it names.
/// </summary>
public abstract class SdJwtIssuerKnownTests(LaurelHost host)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<(IReadOnlyList<PresentedCheck> Checks, BadgeFacts? Facts)> CheckAsync(string sdJwt) =>
        host.InScopeAsync(sp => sp.GetRequiredService<IPresentedCredentialChecks>().CheckAsync(PresentationFormats.SdJwtVc, sdJwt, Ct));

    [Fact]
    public async Task An_sd_jwt_vc_from_an_institution_on_this_laurel_is_known_and_one_whose_issuer_is_not_proven_is_not()
    {
        var award = await WalletTestKit.AwardWithPersonalClaimsAsync(host);
        using var holder = P256Key.Generate();
        var (credential, _) = await CopyAsync(host, award, WalletCredentialFormat.SdJwtVc, P256Holder(holder));
        var sdJwt = credential.GetValue<string>();

        var (checks, _) = await CheckAsync(sdJwt);
        var known = Assert.Single(checks, c => c.Id == PresentedIssuerCheck.Id);
        Assert.True(known.Passed, known.Code);
        Assert.Equal("issuer.known_laurel", known.Code);
        Assert.Contains(host.BaseUrl + "/oid4vci/uu", known.Detail);

        // The same issuer JWT with its signature replaced: nothing proves who issued it, so it is not "known" either.
        var parts = sdJwt.Split('~');
        var jws = parts[0].Split('.');
        jws[2] = jws[2][..10] + (jws[2][10] == 'A' ? 'B' : 'A') + jws[2][11..];
        parts[0] = string.Join('.', jws);
        (checks, _) = await CheckAsync(string.Join('~', parts));
        Assert.Contains(checks, c => c is { Id: "proof", Passed: false });
        Assert.Contains(checks, c => c is { Id: PresentedIssuerCheck.Id, Passed: false, Code: "issuer.unproven" });
    }
}

public sealed class SdJwtIssuerKnownSqliteTests(WalletSqliteHost host) : SdJwtIssuerKnownTests(host), IClassFixture<WalletSqliteHost>;

public sealed class SdJwtIssuerKnownPostgresTests(WalletPostgresHost host) : SdJwtIssuerKnownTests(host), IClassFixture<WalletPostgresHost>;
