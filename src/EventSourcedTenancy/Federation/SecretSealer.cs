using System.Security.Cryptography;
using System.Text;
using EventSourcedTenancy.Rules;

namespace EventSourcedTenancy.Federation;

/// <summary>A secret kept sealed (AES-256-GCM under the installation's sealing key), apart from the events, so it can be destroyed.</summary>
public sealed record SealedSecret
{
    public Guid Id { get; init; }
    public Guid TenantId { get; init; }

    /// <summary>base64 of nonce (12 bytes), tag (16 bytes) and ciphertext; the id is bound in as associated data.</summary>
    public string Ciphertext { get; init; } = string.Empty;
}

/// <summary>
/// Seals secrets with a key derived from <c>Secrets:SealingKey</c> (at least 32 characters, kept outside the
/// database). Without one, a command that would seal a secret is refused with what to set; nothing else needs it.
/// </summary>
public sealed class SecretSealer
{
    public const string KeySetting = "Secrets:SealingKey";
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly byte[]? key;

    public SecretSealer(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        key = configuration[KeySetting] is { Length: >= 32 } configured
            ? SHA256.HashData(Encoding.UTF8.GetBytes("EventSourcedTenancy sealed secrets v1\n" + configured))
            : null;
    }

    public static Rejection Unavailable { get; } = Rejection.Invalid(RejectionCodes.SecretSealingUnavailable,
        "This installation has no key to seal secrets with: its operator sets Secrets__SealingKey (a secret of at least 32 characters, kept outside the database) and restarts it. Until then, leave the client secret out.");

    public bool CanSeal => key is not null;

    public string Seal(Guid id, string plain)
    {
        ArgumentNullException.ThrowIfNull(plain);
        var secretKey = key ?? throw new InvalidOperationException(Unavailable.Message);
        var text = Encoding.UTF8.GetBytes(plain);
        var sealedBytes = new byte[NonceSize + TagSize + text.Length];
        var nonce = sealedBytes.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(secretKey, TagSize);
        aes.Encrypt(nonce, text, sealedBytes.AsSpan(NonceSize + TagSize), sealedBytes.AsSpan(NonceSize, TagSize), id.ToByteArray());
        return Convert.ToBase64String(sealedBytes);
    }

    /// <summary>The plain secret, for the component that signs users in through the connection.</summary>
    public string Unseal(SealedSecret secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var secretKey = key ?? throw new InvalidOperationException(Unavailable.Message);
        var bytes = Convert.FromBase64String(secret.Ciphertext);
        var text = new byte[bytes.Length - NonceSize - TagSize];
        using var aes = new AesGcm(secretKey, TagSize);
        aes.Decrypt(bytes.AsSpan(0, NonceSize), bytes.AsSpan(NonceSize + TagSize), bytes.AsSpan(NonceSize, TagSize), text, secret.Id.ToByteArray());
        return Encoding.UTF8.GetString(text);
    }
}
