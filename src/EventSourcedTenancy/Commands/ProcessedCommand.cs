namespace EventSourcedTenancy.Commands;

/// <summary>
/// The outcome of an accepted command, stored in the same transaction as its events under the command's
/// id (bus message id or HTTP Idempotency-Key). A repeat of that id returns it and appends nothing.
/// </summary>
public sealed record ProcessedCommand(Guid Id, string CommandType, CommandOutcome Outcome, DateTimeOffset ProcessedAt);
