using System.Diagnostics;
using System.Text.Json.Nodes;
using Laurel.Credentials.Canonicalization;
using Laurel.Credentials.DataIntegrity;
using Laurel.Credentials.Dids;
using Laurel.Credentials.JsonLd;
using Laurel.Credentials.Keys;

namespace Laurel.Bench;

/// <summary>
/// <c>dotnet run -c Release -- profile [seconds]</c>: a Stopwatch breakdown of sign and verify into their stages, run
/// round-robin so that machine load hits every stage alike (BenchmarkDotNet's short job is noisy on a busy machine).
/// <c>profile 10 credential.json</c> profiles another credential (e.g. one the bulk bench kept with <c>LAUREL_BENCH_DUMP</c>).
/// </summary>
internal static class StageProfile
{
    public static void Run(double seconds, string? credentialFile)
    {
        var unsigned = Fixture.Unsigned(credentialFile);
        var signed = DataIntegrityProofs.AddProof(unsigned, Cryptosuite.EddsaRdfc2022, Fixture.Key, Fixture.ProofOptions);
        var resolver = new DidVerificationMethodResolver();
        var quads = JsonLdProcessor.ToRdf(unsigned);
        var safe = new JsonLdOptions { SafeMode = true };
        var proofConfig = new JsonObject
        {
            ["@context"] = unsigned["@context"]!.DeepClone(),
            ["type"] = "DataIntegrityProof", ["cryptosuite"] = "eddsa-rdfc-2022",
            ["created"] = "2025-07-01T12:00:00Z", ["verificationMethod"] = Fixture.ProofOptions.VerificationMethod,
            ["proofPurpose"] = "assertionMethod",
        };
        var signature = Fixture.Key.Sign(new byte[64]);
        using var publicKey = Ed25519Key.FromPublicKey(Fixture.Key.PublicKeyBytes);

        var stages = new (string Name, Action Body)[]
        {
            ("Sign (AddProof rdfc)", () => DataIntegrityProofs.AddProof(unsigned, Cryptosuite.EddsaRdfc2022, Fixture.Key, Fixture.ProofOptions)),
            ("Verify (VerifyAsync rdfc)", () => DataIntegrityProofs.VerifyAsync(signed, resolver).GetAwaiter().GetResult()),
            ("  DeepClone of the signed credential", () => signed.DeepClone()),
            ("  ToRdf(document, safe)", () => JsonLdProcessor.ToRdf(unsigned, safe)),
            ("  Rdfc10 hash of document quads", () => Rdfc10.HashCanonical(quads, System.Security.Cryptography.HashAlgorithmName.SHA256, stackalloc byte[32])),
            ("  ToRdf+Rdfc10 of proof config", () => Rdfc10.CanonicalizeToUtf8(JsonLdProcessor.ToRdf(proofConfig, safe))),
            ("  Ed25519 sign (64 bytes)", () => Fixture.Key.Sign(new byte[64])),
            ("  Ed25519 verify (64 bytes)", () => publicKey.Verify(new byte[64], signature)),
            ("  did:key resolve (cached)", () => resolver.ResolveAsync(Fixture.ProofOptions.VerificationMethod).GetAwaiter().GetResult()),
        };
        foreach (var (_, body) in stages) for (var i = 0; i < 200; i++) body();

        var ticks = new long[stages.Length];
        var counts = new long[stages.Length];
        var deadline = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            for (var s = 0; s < stages.Length; s++)
            {
                var start = Stopwatch.GetTimestamp();
                for (var i = 0; i < 20; i++) stages[s].Body();
                ticks[s] += Stopwatch.GetTimestamp() - start;
                counts[s] += 20;
            }
        }
        Console.WriteLine($"| Stage | µs/op | ops/s |  (load {File.ReadAllText("/proc/loadavg").Split(' ')[0]})");
        Console.WriteLine("|---|---:|---:|");
        for (var s = 0; s < stages.Length; s++)
        {
            var us = ticks[s] * 1e6 / Stopwatch.Frequency / counts[s];
            Console.WriteLine($"| {stages[s].Name} | {us:F1} | {1e6 / us:F0} |");
        }
    }
}
