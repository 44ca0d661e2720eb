namespace Laurel.Infrastructure.Database;

/// <summary>Configuration section <c>Laurel:Database</c>.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Laurel:Database";

    /// <summary><c>sqlite</c> (default) or <c>postgres</c>.</summary>
    public string Provider { get; set; } = "sqlite";

    /// <summary>Connection string; defaults to <c>Data Source=data/laurel.db</c> for SQLite.</summary>
    public string? ConnectionString { get; set; }

    public bool IsPostgres => string.Equals(Provider, "postgres", StringComparison.OrdinalIgnoreCase)
        || string.Equals(Provider, "postgresql", StringComparison.OrdinalIgnoreCase);
}
