using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EventSourcedTenancy.Commands;

/// <summary>
/// The outcome of an accepted command, stored in the same transaction as its events under the command's
/// id (bus message id or HTTP Idempotency-Key) scoped to the caller: one caller's key never answers
/// another's. A repeat of that id with the same command returns it and appends nothing; the same id with
/// a different command is refused (<c>idempotency_key_reused</c>). Kept for the configured retention
/// (<see cref="IdempotencySettings"/>), then removed.
/// </summary>
/// <param name="Id">The scoped id (<see cref="IdFor"/>).</param>
/// <param name="CommandType">The command's name.</param>
/// <param name="Outcome">The first outcome.</param>
/// <param name="ProcessedAt">When it was accepted.</param>
/// <param name="Fingerprint">A hash of the command's type and content, to tell a repeat from a reuse of the key.</param>
public sealed record ProcessedCommand(Guid Id, string CommandType, CommandOutcome Outcome, DateTimeOffset ProcessedAt, string? Fingerprint)
{
    /// <summary>The record's id for a caller's command id: the same key from two callers names two records.</summary>
    public static Guid IdFor(Guid? actorAccountId, Guid commandId)
    {
        Span<byte> input = stackalloc byte[32];
        (actorAccountId ?? Guid.Empty).TryWriteBytes(input[..16]);
        commandId.TryWriteBytes(input[16..]);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(input, hash);
        return new Guid(hash[..16]);
    }

    /// <summary>The command's type and content, hashed; its secrets (<see cref="SensitiveAttribute"/>) are left out.</summary>
    public static string FingerprintOf(object command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var sensitive = command.GetType().GetProperties().Where(p => p.GetCustomAttributes(typeof(SensitiveAttribute), false).Length > 0).ToList();
        var json = JsonSerializer.Serialize(command, command.GetType(), CommandJson.Options);
        if (sensitive.Count > 0)
        {
            var node = JsonNode.Parse(json)!.AsObject();
            foreach (var property in sensitive)
            {
                node.Remove(CommandJson.Options.PropertyNamingPolicy?.ConvertName(property.Name) ?? property.Name);
            }

            json = node.ToJsonString(CommandJson.Options);
        }

        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(command.GetType().Name + "\n" + json)));
    }
}
