namespace Laurel.Tests.Infrastructure;

// The test hosts moved to tests/Laurel.Testing (namespace Laurel.Testing, imported globally in Usings.cs). Branches still in
// flight import this namespace; it stays until they have merged, then this file goes.
internal static class MovedToLaurelTesting;
