namespace Bridgehead.Data;

/// <summary>
/// The first answer to a POST sent with an Idempotency-Key, kept for a day so a retry with the
/// same key and body gets that answer again instead of creating a second record.
/// </summary>
public sealed class IdempotencyRecord
{
    public const int MaxKey = 200;
    public static readonly TimeSpan KeptFor = TimeSpan.FromHours(24);

    public long Id { get; set; }

    public long UserId { get; set; }

    public required string Key { get; set; }

    /// <summary>Hex SHA-256 of method, path and body.</summary>
    public required string RequestHash { get; set; }

    public int StatusCode { get; set; }

    public string? ContentType { get; set; }

    public string? Location { get; set; }

    public string? ETag { get; set; }

    public byte[]? Body { get; set; }

    /// <summary>The first answer carried a secret shown only once (a token, a one-time password), so its body was not kept.</summary>
    public bool Withheld { get; set; }

    public DateTime CreatedAt { get; set; }
}
