using Laurel.Infrastructure.Database;
using Npgsql;

namespace Laurel.Tests.Platform;

/// <summary>Pooled PostgreSQL connections skip the per-checkout reset unless the operator sets it explicitly.</summary>
public sealed class PostgresConnectionStringTests
{
    [Fact]
    public void Reset_on_close_is_off_by_default_and_everything_else_is_kept()
    {
        var result = new NpgsqlConnectionStringBuilder(
            DatabaseSetup.PostgresConnectionString("Host=db.example;Port=5433;Username=laurel;Password=s3cret;Database=laurel"));
        Assert.True(result.NoResetOnClose);
        Assert.Equal(("db.example", 5433, "laurel", "s3cret", "laurel"), (result.Host, result.Port, result.Username, result.Password, result.Database));
    }

    [Theory]
    [InlineData("Host=db;No Reset On Close=false")]
    [InlineData("Host=db;noresetonclose=False")]
    public void An_explicit_setting_wins(string configured) =>
        Assert.False(new NpgsqlConnectionStringBuilder(DatabaseSetup.PostgresConnectionString(configured)).NoResetOnClose);
}
