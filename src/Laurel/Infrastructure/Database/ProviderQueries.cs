using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore.Query;

namespace Laurel.Infrastructure.Database;

/// <summary>
/// A hot query written once against <see cref="LaurelDb"/> and compiled per provider: EF compiles a query for one context type
/// (each provider has its own model), so the body is retyped to the provider's context before <c>EF.CompileAsyncQuery</c>.
/// </summary>
public static class ProviderQueries
{
    /// <summary><paramref name="query"/> with its context parameter typed as <typeparamref name="TDb"/>.</summary>
    public static Expression<Func<TDb, TResult>> Retype<TDb, TResult>(Expression<Func<LaurelDb, TResult>> query) where TDb : LaurelDb
    {
        var db = Expression.Parameter(typeof(TDb), "db");
        return Expression.Lambda<Func<TDb, TResult>>(AsLaurelDb(query, db), db);
    }

    /// <summary><paramref name="query"/> with its context parameter typed as <typeparamref name="TDb"/>; the argument stays.</summary>
    public static Expression<Func<TDb, TArg, TResult>> Retype<TDb, TArg, TResult>(Expression<Func<LaurelDb, TArg, TResult>> query)
        where TDb : LaurelDb
    {
        var db = Expression.Parameter(typeof(TDb), "db");
        return Expression.Lambda<Func<TDb, TArg, TResult>>(AsLaurelDb(query, db), db, query.Parameters[1]);
    }

    private static Expression AsLaurelDb(LambdaExpression query, ParameterExpression db) =>
        ReplacingExpressionVisitor.Replace(query.Parameters[0], Expression.Convert(db, typeof(LaurelDb)), query.Body);
}
