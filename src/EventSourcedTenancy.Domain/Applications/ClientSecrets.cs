using System.Security.Cryptography;
using System.Text;
using EventSourcedTenancy.Rules;

namespace EventSourcedTenancy.Applications;

/// <summary>
/// Client secrets: 256 random bits, shown once in the reply to the command that issued them, kept only as their
/// SHA-256 hash (a secret of that strength cannot be guessed from its hash, so a slow hash adds nothing). A bus
/// reply passes through message storage, so a secret issued over the bus travels encrypted to the sender's
/// RSA public key (<see cref="EncryptFor"/>).
/// </summary>
public static class ClientSecrets
{
    public const string Prefix = "ests_";
    public const int MaxRecipientKeyLength = 4096;

    public static string Generate() => Prefix + Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string secret) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret ?? throw new ArgumentNullException(nameof(secret)))));

    /// <summary>True when <paramref name="secret"/> is one of the application's secrets still valid at <paramref name="now"/>.</summary>
    public static bool Matches(Application application, string secret, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(application);
        var hash = Encoding.ASCII.GetBytes(Hash(secret));
        return application.Secrets.Any(s => s.IsValidAt(now) && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(s.Hash), hash));
    }

    /// <summary>A recipient key, when given, must be an RSA public key of at least 2048 bits (SubjectPublicKeyInfo, base64).</summary>
    public static Rejection? CheckRecipientKey(string? key)
    {
        if (key is null)
        {
            return null;
        }

        try
        {
            using var rsa = RSA.Create();
            rsa.ImportSubjectPublicKeyInfo(Convert.FromBase64String(key.Length <= MaxRecipientKeyLength ? key : string.Empty), out _);
            if (rsa.KeySize >= 2048)
            {
                return null;
            }
        }
        catch (Exception e) when (e is FormatException or CryptographicException)
        {
            // Answered below.
        }

        return Rejection.Invalid(RejectionCodes.InvalidRecipientKey,
            "The secret recipient key must be an RSA public key of at least 2048 bits, as base64 of its SubjectPublicKeyInfo (DER).");
    }

    /// <summary>The secret encrypted with RSA-OAEP (SHA-256) to the recipient's public key, as base64.</summary>
    public static string EncryptFor(string secret, string recipientKey)
    {
        using var rsa = RSA.Create();
        rsa.ImportSubjectPublicKeyInfo(Convert.FromBase64String(recipientKey), out _);
        return Convert.ToBase64String(rsa.Encrypt(Encoding.UTF8.GetBytes(secret), RSAEncryptionPadding.OaepSHA256));
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
