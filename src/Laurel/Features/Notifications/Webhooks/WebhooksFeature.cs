namespace Laurel.Features.Notifications.Webhooks;

/// <summary>Webhooks: endpoints per institution, deliveries queued with award changes, and the worker that sends them.</summary>
public static class WebhooksFeature
{
    public static IServiceCollection AddWebhooksFeature(this IServiceCollection services)
    {
        services.AddOptions<WebhookOptions>().BindConfiguration("Laurel:Webhooks");
        services.AddSingleton<WebhookSecrets>();
        services.AddSingleton<WebhookSender>();
        services.AddSingleton<WebhookDispatcher>();
        services.AddHostedService<WebhookWorker>();
        services.AddScoped<Laurel.Features.Awards.Events.IAwardEventSubscriber, WebhookSubscriber>();
        return services;
    }
}
