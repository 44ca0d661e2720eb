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

    /// <summary>Describes a success answer whose body is empty by its protocol (the test of the document accepts it by this wording).</summary>
    public static Func<OpenApiOperation, OpenApiOperationTransformerContext, CancellationToken, Task> EmptySuccess(int status, string why) =>
        (operation, _, _) =>
        {
            if (operation.Responses?.TryGetValue(status.ToString(System.Globalization.CultureInfo.InvariantCulture), out var response) == true
                && response is OpenApiResponse concrete)
                concrete.Description = "Empty body: " + why;
            return Task.CompletedTask;
        };
}
