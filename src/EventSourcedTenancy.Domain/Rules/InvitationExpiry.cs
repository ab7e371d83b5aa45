using EventSourcedTenancy.Accounts;

namespace EventSourcedTenancy.Rules;

/// <summary>An invitation can be accepted for seven days after it was last sent; resending renews it.</summary>
public static class InvitationExpiry
{
    public static TimeSpan Validity { get; } = TimeSpan.FromDays(7);

    public static DateTimeOffset ExpiresAt(DateTimeOffset sentAt) => sentAt + Validity;

    public static Rejection? Check(Account invited, DateTimeOffset now) =>
        invited.InvitationExpiresAt is { } expiresAt && now > expiresAt
            ? Rejection.Conflict(RejectionCodes.InvitationExpired, "This invitation has expired; ask an administrator to resend it.")
            : null;
}
