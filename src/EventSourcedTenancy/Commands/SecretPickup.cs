using System.Text.Json;
using EventSourcedTenancy.Federation;
using EventSourcedTenancy.Hosting;
using EventSourcedTenancy.Rules;
using Microsoft.AspNetCore.Mvc;
using Npgsql;
using Wolverine.Http;

namespace EventSourcedTenancy.Commands;

/// <summary>
/// A secret issued to a bus sender that gave no recipient key: kept sealed (never in plain) for
/// <see cref="SecretPickupEndpoint.Lifetime"/>, for the account that sent the command to take once over HTTPS.
/// </summary>
public sealed record SecretPickup
{
    public Guid Id { get; init; }
    public Guid AccountId { get; init; }
    public string Ciphertext { get; init; } = string.Empty;
    public DateTimeOffset ExpiresAt { get; init; }
}

public sealed record PickedUpSecret(string Secret);

public static class SecretPickupEndpoint
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    /// <summary>The pickup to put in the session for a secret issued over the bus, and its address for the reply.</summary>
    public static (SecretPickup Pickup, string Location) For(SecretSealer sealer, Guid accountId, string secret, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(sealer);
        var id = Guid.CreateVersion7();
        return (new SecretPickup { Id = id, AccountId = accountId, Ciphertext = sealer.Seal(id, secret), ExpiresAt = now + Lifetime }, $"/secret-pickups/{id}");
    }

    [WolverinePost("/secret-pickups/{pickupId}", OperationId = "PickUpSecret")]
    [ProducesResponseType<PickedUpSecret>(StatusCodes.Status200OK)]
    [Tags("Applications")]
    [EndpointSummary("Takes a secret that a command sent over the bus without a secretRecipientKey issued (its reply's secretPickup): once, within 15 minutes, by the account that sent the command; then it is gone.")]
    public static async Task<IResult> PickUp(Guid pickupId, HttpContext http, ServiceSettings settings, SecretSealer sealer, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(sealer);
        var caller = CommandMetadata.FromHttp(http).ActorAccountId;
        var gone = Rejection.NotFound(RejectionCodes.SecretPickupNotFound,
            $"There is no secret to pick up at {pickupId} for you: it was taken, it expired ({Lifetime.TotalMinutes:0} minutes), or another account sent the command. Issue a new one.");
        if (caller is null)
        {
            return CommandOutcome.Reject(gone).ToHttp();
        }

        // Taken and deleted in one statement, so two callers racing for it cannot both get it.
        await using var connection = new NpgsqlConnection(settings.ConnectionString);
        await connection.OpenAsync(http.RequestAborted);
        await using var take = new NpgsqlCommand(
            $"delete from {settings.EventStoreSchema}.mt_doc_secretpickup where id = $1 and account_id = $2 and expires_at > $3 returning data::text",
            connection);
        take.Parameters.AddWithValue(pickupId);
        take.Parameters.AddWithValue(caller.Value);
        take.Parameters.AddWithValue(clock.GetUtcNow());
        if (await take.ExecuteScalarAsync(http.RequestAborted) is not string data
            || JsonSerializer.Deserialize<SecretPickup>(data, new JsonSerializerOptions { PropertyNameCaseInsensitive = true }) is not { Ciphertext.Length: > 0 } taken)
        {
            return CommandOutcome.Reject(gone).ToHttp();
        }

        var ciphertext = taken.Ciphertext;

        return Results.Ok(new PickedUpSecret(sealer.Unseal(new SealedSecret { Id = pickupId, Ciphertext = ciphertext })));
    }
}
