global using Laurel.Browser.Tests.Infrastructure;
global using Laurel.Testing;
global using Laurel.Testing.Data;
global using Laurel.Testing.Peers;
global using Microsoft.Playwright;
