using Laurel.Infrastructure;

return await LaurelCli.RunAsync(args);
