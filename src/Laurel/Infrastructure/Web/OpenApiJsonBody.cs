using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Laurel.Infrastructure.Web;

/// <summary>
/// Describes a JSON request body in the OpenAPI document. Not <c>.Accepts&lt;T&gt;()</c>: that metadata makes routing answer
/// a wrong or missing content type with a bare 415 before authentication and the handler, where our APIs promise ProblemDetails.
/// </summary>
public static class OpenApiJsonBody
{
    /// <summary>An operation transformer that documents <typeparamref name="T"/> as the body for each media type.</summary>
    public static Func<OpenApiOperation, OpenApiOperationTransformerContext, CancellationToken, Task> Of<T>(params string[] mediaTypes) =>
        async (operation, context, ct) =>
        {
            var schema = await context.GetOrCreateSchemaAsync(typeof(T), null, ct);
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = (mediaTypes.Length == 0 ? ["application/json"] : mediaTypes)
                    .ToDictionary(type => type, _ => new OpenApiMediaType { Schema = schema }),
            };
        };
}
