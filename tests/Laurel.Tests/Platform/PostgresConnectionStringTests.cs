using Laurel.Infrastructure.Database;
using Npgsql;

namespace Laurel.Tests.Platform;

/// <summary>Pooled PostgreSQL connections skip the per-checkout reset and prepare hot statements, unless the operator says otherwise.</summary>
public sealed class PostgresConnectionStringTests
{
    [Fact]
    public void Reset_on_close_is_off_by_default_and_everything_else_is_kept()
    {
        var result = new NpgsqlConnectionStringBuilder(
            DatabaseSetup.PostgresConnectionString("Host=db.example;Port=5433;Username=laurel;Password=s3cret;Database=laurel"));
        Assert.True(result.NoResetOnClose);
        Assert.Equal(DatabaseSetup.AutoPreparedStatements, result.MaxAutoPrepare);
        Assert.Equal(("db.example", 5433, "laurel", "s3cret", "laurel"), (result.Host, result.Port, result.Username, result.Password, result.Database));
    }

    [Theory]
    [InlineData("Host=db;No Reset On Close=false")]
    [InlineData("Host=db;noresetonclose=False")]
    public void An_explicit_setting_wins(string configured) =>
        Assert.False(new NpgsqlConnectionStringBuilder(DatabaseSetup.PostgresConnectionString(configured)).NoResetOnClose);

    [Theory]
    [InlineData("Host=db;Max Auto Prepare=0")]
    [InlineData("Host=db;maxautoprepare=0")]
    public void An_explicit_auto_prepare_setting_wins(string configured) =>
        Assert.Equal(0, new NpgsqlConnectionStringBuilder(DatabaseSetup.PostgresConnectionString(configured)).MaxAutoPrepare);
}
