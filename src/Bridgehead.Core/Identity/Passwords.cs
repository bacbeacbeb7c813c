using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Bridgehead.Common;

namespace Bridgehead.Identity;

/// <summary>
/// Password hashing with PBKDF2-HMAC-SHA512 at 210,000 iterations (OWASP's figure for SHA-512).
/// Stored as <c>pbkdf2-sha512$iterations$salt$hash</c>, so the count can rise later and old
/// hashes still verify (and are upgraded at the next sign-in).
/// </summary>
public static class Passwords
{
    public const int DefaultIterations = 210_000;

    /// <summary>
    /// The count for new hashes; older hashes below it are upgraded at the next sign-in. Only the
    /// test suite lowers it (it signs in through the form hundreds of times, at 0.2 s of CPU each).
    /// </summary>
    public static int Iterations { get; internal set; } = DefaultIterations;

    public const int MinLength = 10;
    public const int MaxLength = 128;
    private const string Scheme = "pbkdf2-sha512";
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    public static string Hash(string password) => Hash(password, Iterations);

    internal static string Hash(string password, int iterations)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA512, HashBytes);
        return string.Join('$', Scheme, iterations.ToString(CultureInfo.InvariantCulture), Convert.ToBase64String(salt), Convert.ToBase64String(hash));
    }

    /// <summary>True when the password matches; <paramref name="needsRehash"/> when the stored hash is weaker than today's.</summary>
    public static bool Verify(string password, string stored, out bool needsRehash)
    {
        needsRehash = false;
        var parts = stored.Split('$');
        if (parts.Length != 4 || parts[0] != Scheme || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out var iterations))
        {
            return false;
        }
        var salt = Convert.FromBase64String(parts[2]);
        var expected = Convert.FromBase64String(parts[3]);
        var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA512, expected.Length);
        var ok = CryptographicOperations.FixedTimeEquals(actual, expected);
        needsRehash = ok && iterations < Iterations;
        return ok;
    }

    /// <summary>Spends the same time as a real check, so an unknown user name cannot be told apart by timing.</summary>
    public static void VerifyNothing(string password) => Verify(password, DummyHash.Value, out _);

    private static readonly Lazy<string> DummyHash = new(() => Hash("not-a-real-password"));

    /// <summary>A readable one-time password: 16 characters without look-alikes (0/O, 1/l).</summary>
    public static string Generate()
    {
        const string alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        var chars = new char[16];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
        }
        return new string(chars);
    }

    public static void Validate(Validator v, string field, string? password, string? userName)
    {
        if (string.IsNullOrEmpty(password))
        {
            v.Add(field, CommonText.Required);
            return;
        }
        if (password.Length < MinLength || password.Length > MaxLength)
        {
            v.Add(field, Validator.Format(CommonText.PasswordLength, MinLength, MaxLength));
        }
        else if (userName is not null && password.Contains(userName.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            v.Add(field, CommonText.PasswordContainsUserName);
        }
    }
}
