global using Laurel.Browser.Tests.Infrastructure;
global using Laurel.Tests.Infrastructure;
global using Microsoft.Playwright;
