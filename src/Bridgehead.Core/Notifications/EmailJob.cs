using Bridgehead.Background;
using Bridgehead.Data;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace Bridgehead.Notifications;

/// <summary>
/// Sends the queued emails that are due: over SMTP (MailKit) when a host is set, else (or when a
/// pickup folder is set) as .eml files into the pickup folder. A failure is tried again after
/// 1 min × 2^(attempts-1), ±10 % jitter, at most an hour; after <see cref="MaxAttempts"/> the
/// email is Failed. Each email is saved after its attempt, so a crash sends at most one twice; when
/// the server cannot be reached at all, every email of the run counts one failed attempt at once.
/// </summary>
public sealed class EmailJob(NotificationSettings settings) : IBackgroundJob
{
    public const int MaxAttempts = 8;
    public const int BatchSize = 50;
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromHours(1);

    public string Name => "email";

    public TimeSpan Every => TimeSpan.FromSeconds(30);

    public async Task RunAsync(BridgeheadDb db, CancellationToken ct)
    {
        var now = db.Clock.GetUtcNow().UtcDateTime;
        var due = await db.EmailMessages
            .Where(m => m.Status == DeliveryStatus.Pending && m.NextAttemptAt <= now)
            .OrderBy(m => m.NextAttemptAt).ThenBy(m => m.Id)
            .Take(BatchSize)
            .ToListAsync(ct);
        if (due.Count == 0)
        {
            return;
        }
        using var smtp = settings.UsesSmtp ? new MailKit.Net.Smtp.SmtpClient { Timeout = 30_000 } : null;
        for (var i = 0; i < due.Count; i++)
        {
            var message = due[i];
            if (smtp is { IsConnected: false })
            {
                try
                {
                    await ConnectAsync(smtp, ct);
                }
                catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    // The server cannot be reached (or refuses us): every email of this run waits
                    // for the next attempt, instead of each waiting out its own timeout now.
                    var failedAt = db.Clock.GetUtcNow().UtcDateTime;
                    foreach (var waiting in due.Skip(i))
                    {
                        Fail(waiting, e, failedAt);
                    }
                    await db.SaveChangesAsync(ct);
                    return;
                }
            }
            try
            {
                var mime = ToMime(message);
                if (smtp is null)
                {
                    await WritePickupAsync(mime, message, ct);
                }
                else
                {
                    await SendAsync(smtp, mime, ct);
                }
                message.Status = DeliveryStatus.Delivered;
                message.SentAt = db.Clock.GetUtcNow().UtcDateTime;
                message.Attempts++;
                message.LastError = null;
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                Fail(message, e, db.Clock.GetUtcNow().UtcDateTime);
                if (smtp is { IsConnected: true })
                {
                    // A broken conversation is not reused for the next email.
                    await smtp.DisconnectAsync(quit: false, CancellationToken.None);
                }
            }
            await db.SaveChangesAsync(ct);
        }
        if (smtp is { IsConnected: true })
        {
            await smtp.DisconnectAsync(quit: true, ct);
        }
    }

    /// <summary>When to try again after <paramref name="attempts"/> failed attempts: 1, 2, 4 … minutes, ±10 %, at most an hour.</summary>
    public static TimeSpan Backoff(int attempts, double jitter)
    {
        var minutes = Math.Pow(2, Math.Max(0, attempts - 1));
        var delay = TimeSpan.FromMinutes(Math.Min(minutes, MaxBackoff.TotalMinutes) * (1 + ((Math.Clamp(jitter, 0, 1) - 0.5) / 5)));
        return delay > MaxBackoff ? MaxBackoff : delay;
    }

    private void Fail(EmailMessage message, Exception e, DateTime now)
    {
        message.Attempts++;
        var error = $"{e.GetType().Name}: {e.Message}";
        if (!string.IsNullOrEmpty(settings.SmtpPassword))
        {
            error = error.Replace(settings.SmtpPassword, "***", StringComparison.Ordinal);
        }
        message.LastError = error.Length <= EmailMessage.MaxError ? error : error[..EmailMessage.MaxError];
        if (message.Attempts >= MaxAttempts)
        {
            message.Status = DeliveryStatus.Failed;
            return;
        }
        message.NextAttemptAt = now + Backoff(message.Attempts, Random.Shared.NextDouble());
    }

    private MimeMessage ToMime(EmailMessage message)
    {
        var mime = new MimeMessage();
        mime.From.Add(MailboxAddress.Parse(settings.From));
        mime.To.Add(MailboxAddress.Parse(message.To));
        mime.Subject = message.Subject;
        mime.Date = new DateTimeOffset(DateTime.SpecifyKind(message.CreatedAt, DateTimeKind.Utc));
        mime.MessageId = $"bridgehead-email-{message.Id}@{MailboxAddress.Parse(settings.From).Domain}";
        mime.Body = new TextPart("plain") { Text = message.Body };
        return mime;
    }

    private async Task WritePickupAsync(MimeMessage mime, EmailMessage message, CancellationToken ct)
    {
        Directory.CreateDirectory(settings.PickupFolder);
        var path = Path.Combine(settings.PickupFolder, $"{message.Id:D8}-{Guid.NewGuid():N}.eml");
        var temporary = path + ".tmp";
        await mime.WriteToAsync(temporary, ct);
        // Whole files only: a reader of the folder never sees half an email.
        File.Move(temporary, path);
    }

    private static async Task SendAsync(MailKit.Net.Smtp.SmtpClient smtp, MimeMessage mime, CancellationToken ct) =>
        await smtp.SendAsync(mime, ct);

    private async Task ConnectAsync(MailKit.Net.Smtp.SmtpClient smtp, CancellationToken ct)
    {
        var security = settings.Security switch
        {
            SmtpSecurity.None => SecureSocketOptions.None,
            SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
            SmtpSecurity.Ssl => SecureSocketOptions.SslOnConnect,
            _ => throw new InvalidOperationException("Unknown SMTP security setting."),
        };
        await smtp.ConnectAsync(settings.SmtpHost!, settings.SmtpPort, security, ct);
        if (!string.IsNullOrEmpty(settings.SmtpUser))
        {
            await smtp.AuthenticateAsync(settings.SmtpUser, settings.SmtpPassword ?? "", ct);
        }
    }
}
