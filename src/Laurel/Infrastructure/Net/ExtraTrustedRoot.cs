using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Laurel.Infrastructure.Net;

/// <summary>
/// <c>Laurel:Verification:ExtraTrustedRootPath</c>: a PEM file with a CA certificate that the verifier's fetches
/// (<see cref="SafeFetcher"/>) and the Open Badges client trust besides the system's roots, for a private PKI between
/// institutions or for tests that run two Laurels on loopback https. None by default. A wrong host name is never accepted.
/// </summary>
public static class ExtraTrustedRoot
{
    public const string Setting = "Laurel:Verification:ExtraTrustedRootPath";

    /// <summary>Adds the configured root to <paramref name="handler"/>'s certificate check; nothing when none is configured.</summary>
    public static void Apply(SocketsHttpHandler handler, IConfiguration configuration) => Apply(handler, configuration[Setting]);

    /// <summary>Adds the root in the PEM file at <paramref name="pemPath"/> (e.g. the webhooks' own setting); nothing when null or empty.</summary>
    public static void Apply(SocketsHttpHandler handler, string? pemPath)
    {
        if (pemPath is not { Length: > 0 } path) return;
        var root = X509Certificate2.CreateFromPem(File.ReadAllText(path));
        handler.SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, certificate, chain, errors) => TrustedBy(root, certificate, chain, errors) };
    }

    // The system's verdict, or else a chain to the configured root.
    private static bool TrustedBy(X509Certificate2 root, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None) return true;
        if (certificate is null || errors != SslPolicyErrors.RemoteCertificateChainErrors) return false;
        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.Add(root);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null) custom.ChainPolicy.ExtraStore.AddRange(chain.ChainPolicy.ExtraStore);
        return custom.Build(certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
    }
}
