namespace Laurel.Features.Notifications;

/// <summary>E-mail: the outbox (filled by NotificationService in the caller's transaction), the SMTP mailer and the worker.</summary>
public static class NotificationsFeature
{
    public static IServiceCollection AddNotificationsFeature(this IServiceCollection services)
    {
        services.AddOptions<SmtpOptions>().BindConfiguration("Laurel:Smtp");
        services.AddOptions<OutboxOptions>().BindConfiguration("Laurel:Outbox");
        services.AddScoped<NotificationService>();
        services.AddSingleton<SmtpMailer>();
        services.AddSingleton<OutboxDispatcher>();
        services.AddHostedService<OutboxWorker>();
        Webhooks.WebhooksFeature.AddWebhooksFeature(services);
        return services;
    }
}
