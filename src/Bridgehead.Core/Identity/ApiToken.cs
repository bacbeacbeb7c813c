using System.Security.Cryptography;
using System.Text;
using Bridgehead.Common;

namespace Bridgehead.Identity;

/// <summary>
/// A bearer token for the API. Only a SHA-256 hash is stored: the token itself is shown once.
/// Tokens are 256 random bits, so a fast hash is enough (a slow one protects guessable secrets).
/// </summary>
public sealed class ApiToken : Entity
{
    public const string Prefix = "bh_";
    public const int MaxName = 100;
    public const int DefaultDays = 30;
    public const int MaxDays = 3650;

    public long UserId { get; set; }

    public User? User { get; set; }

    public required string Name { get; set; }

    /// <summary>Hex SHA-256 of the token; unique.</summary>
    public required string TokenHash { get; set; }

    public DateTime ExpiresAt { get; set; }

    public DateTime? LastUsedAt { get; set; }

    public DateTime? RevokedAt { get; set; }

    public static string NewSecret() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))
        .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Hash(string token) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}

/// <summary>A data-protection key ring entry, kept in the database so every instance can read every cookie.</summary>
public sealed class DataProtectionKey
{
    public long Id { get; set; }

    public string? FriendlyName { get; set; }

    public required string Xml { get; set; }
}
