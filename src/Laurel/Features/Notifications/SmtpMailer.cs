using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Laurel.Features.Notifications;

/// <summary>Turns outbox rows into MIME messages and hands them to the SMTP server with MailKit.</summary>
public sealed class SmtpMailer(IOptionsMonitor<SmtpOptions> options)
{
    public SmtpOptions Options => options.CurrentValue;

    /// <summary>
    /// The Message-ID of an outbox row. It never changes, so if Laurel sends the same row twice (the server accepted it but the
    /// node died before recording that), mail systems and people can recognise the second copy as the same message.
    /// </summary>
    public static string MessageId(Guid outboxId, string domain) => $"laurel.{outboxId:N}@{domain}";

    public MimeMessage Compose(OutboxMessage message)
    {
        var o = Options;
        var mime = new MimeMessage
        {
            MessageId = MessageId(message.Id, o.MessageIdDomain),
            Subject = message.Subject,
            Date = new DateTimeOffset(DateTime.SpecifyKind(message.CreatedAt, DateTimeKind.Utc)),
        };
        mime.From.Add(new MailboxAddress(o.FromName, o.From));
        mime.To.Add(MailboxAddress.Parse(message.RecipientAddress));
        // Tells auto-responders not to answer (RFC 3834).
        mime.Headers.Add("Auto-Submitted", "auto-generated");
        var body = new BodyBuilder { TextBody = message.TextBody, HtmlBody = message.HtmlBody };
        mime.Body = body.ToMessageBody();
        // A Content-* header belongs to the body entity; at the top it would be moved there anyway.
        mime.Body.Headers.Add(HeaderId.ContentLanguage, message.Language);
        return mime;
    }

    /// <summary>Opens one authenticated connection for a batch of messages.</summary>
    public async Task<Session> ConnectAsync(CancellationToken ct)
    {
        var o = Options;
        var client = new SmtpClient { Timeout = o.TimeoutSeconds * 1000 };
        try
        {
            var security = o.Security switch
            {
                SmtpSecurity.None => SecureSocketOptions.None,
                SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
                _ => SecureSocketOptions.StartTls,
            };
            await client.ConnectAsync(o.Host ?? throw new InvalidOperationException("Laurel:Smtp:Host is not set."), o.Port, security, ct);
            if (!string.IsNullOrEmpty(o.UserName)) await client.AuthenticateAsync(o.UserName, o.Password ?? "", ct);
            return new Session(client);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>A failure that will not change by trying again: a server refusal (5xx on sender, recipient or message) or an
    /// address that is not an address.</summary>
    public static bool IsPermanent(Exception error) => error is ParseException
        || error is SmtpCommandException { StatusCode: var code } command && (int)code >= 500
            && command.ErrorCode is SmtpErrorCode.RecipientNotAccepted or SmtpErrorCode.SenderNotAccepted or SmtpErrorCode.MessageNotAccepted;

    /// <summary>A short description of a failure for the outbox row and the logs: the server's answer, never credentials.</summary>
    public static string Describe(Exception error)
    {
        var text = error switch
        {
            SmtpCommandException c => $"SMTP {(int)c.StatusCode} {c.ErrorCode}: {c.Message}",
            AuthenticationException => "SMTP authentication failed (check Laurel:Smtp:UserName and Password).",
            SmtpProtocolException p => "SMTP protocol error: " + p.Message,
            ParseException => "Not a valid e-mail address.",
            _ => $"{error.GetType().Name}: {error.Message}",
        };
        return text.Length <= 2000 ? text : text[..2000];
    }

    public sealed class Session(SmtpClient client) : IAsyncDisposable
    {
        public bool IsConnected => client.IsConnected;

        public async Task SendAsync(MimeMessage message, CancellationToken ct) => await client.SendAsync(message, ct);

        public async ValueTask DisposeAsync()
        {
            try
            {
                if (client.IsConnected) await client.DisconnectAsync(quit: true, CancellationToken.None);
            }
            catch (Exception)
            {
                // The batch is already recorded; a failing QUIT changes nothing.
            }
            client.Dispose();
        }
    }
}
