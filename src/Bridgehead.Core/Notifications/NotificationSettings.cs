namespace Bridgehead.Notifications;

/// <summary>How an SMTP connection is secured.</summary>
public enum SmtpSecurity
{
    None,
    StartTls,
    Ssl,
}

/// <summary>
/// Where notification emails go and what their links point at. Read from configuration by the
/// host: <c>Bridgehead:PublicUrl</c>, <c>Bridgehead:Smtp:Host/Port/User/Password/From/Security/PickupFolder</c>.
/// Without an SMTP host (or with a pickup folder set) emails are written as .eml files into
/// <see cref="PickupFolder"/>: the development mode.
/// </summary>
public sealed record NotificationSettings
{
    /// <summary>The address people reach the instance at, e.g. https://crm.example.com; null: links are paths only.</summary>
    public string? PublicUrl { get; init; }

    /// <summary>The language of messages to users who chose none ("en" or "ko").</summary>
    public string DefaultLanguage { get; init; } = "en";

    public string? SmtpHost { get; init; }

    public int SmtpPort { get; init; } = 25;

    public string? SmtpUser { get; init; }

    /// <summary>Never logged, returned or written to an error.</summary>
    public string? SmtpPassword { get; init; }

    public string From { get; init; } = "Bridgehead <bridgehead@localhost>";

    public SmtpSecurity Security { get; init; } = SmtpSecurity.StartTls;

    /// <summary>Where .eml files are written when there is no SMTP host or when set explicitly.</summary>
    public required string PickupFolder { get; init; }

    /// <summary>True when <c>Bridgehead:Smtp:PickupFolder</c> was set: files even with a host.</summary>
    public bool PickupForced { get; init; }

    /// <summary>SMTP is used when a host is set and no pickup folder is forced.</summary>
    public bool UsesSmtp => !string.IsNullOrWhiteSpace(SmtpHost) && !PickupForced;

    /// <summary>The full link to a record path: the public URL before it when one is set.</summary>
    public string Link(string path) => string.IsNullOrWhiteSpace(PublicUrl) ? path : PublicUrl.TrimEnd('/') + path;
}
