using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Laurel.Infrastructure.Web;

/// <summary>
/// A POST (or PUT, DELETE…) that no handler of the page accepts — a page with only <c>OnGet</c>, or <c>?handler=</c> naming
/// no handler — would render the page without running the code that fills its model, and crash with a 500 (issue 12).
/// It is the client's mistake: 400, shown as the friendly error page.
/// </summary>
public sealed class MissingHandlerFilter : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var method = context.HttpContext.Request.Method;
        if (context.HandlerMethod is null && !HttpMethods.IsGet(method) && !HttpMethods.IsHead(method))
        {
            context.Result = new BadRequestResult();
            return;
        }
        await next();
    }
}
