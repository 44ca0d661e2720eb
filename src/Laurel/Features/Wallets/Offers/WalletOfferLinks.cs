using Laurel.Infrastructure.Web;

namespace Laurel.Features.Wallets.Offers;

/// <summary>The addresses of one offer as wallets receive them (all absolute, built from the public origin).</summary>
public static class WalletOfferLinks
{
    /// <summary>The credential offer by reference (VCI-3.2 <c>credential_offer_uri</c>).</summary>
    public static string CredentialOfferUri(PublicOrigin origin, Guid offerId) => origin.Url(WalletRoutes.OfferPath(offerId));

    /// <summary>The OpenID4VCI deep link (VCI-3.2): opens a wallet app on the same device, or is what an OpenID4VCI wallet scans.</summary>
    public static string OpenId4Vci(PublicOrigin origin, Guid offerId) =>
        "openid-credential-offer://?credential_offer_uri=" + Uri.EscapeDataString(CredentialOfferUri(origin, offerId));

    /// <summary>
    /// The VCALM interaction URL the QR code encodes: <c>iuv=1</c> marks it as one (interaction URL version 1), and a wallet
    /// that GETs it as JSON learns both protocols (https://vcplayground.org/docs/chapi/wallets/interaction-url/).
    /// </summary>
    public static string Interaction(PublicOrigin origin, Guid offerId) => origin.Url(WalletRoutes.InteractionPath(offerId)) + "?iuv=1";

    /// <summary>The VC-API exchange (DCC Learner Credential Wallet).</summary>
    public static string Exchange(PublicOrigin origin, Guid offerId) => origin.Url(WalletRoutes.ExchangePath(offerId));
}
