using EventSourcedTenancy.Tenants;

namespace EventSourcedTenancy.Rules;

/// <summary>What a sign-in method list and a password policy may say, in the administrators' and the end users' policy alike.</summary>
public static class PolicySections
{
    public const int MinPasswordLength = 8;
    public const int MaxPasswordLength = 128;

    public static Rejection? SignInMethods(IReadOnlyList<SignInMethod>? methods) =>
        methods is not null && (methods.Count == 0 || methods.Any(m => !Enum.IsDefined(m)))
            ? Invalid($"Choose at least one sign-in method from {string.Join(", ", Enum.GetNames<SignInMethod>())}.")
            : null;

    public static Rejection? Password(PasswordPolicy? policy) =>
        policy is not null && (policy.MinimumLength is < MinPasswordLength or > MaxPasswordLength || policy.MaximumAgeDays is < 1 or > 3650)
            ? Invalid($"A password policy needs a minimum length between {MinPasswordLength} and {MaxPasswordLength}, and a maximum age (if any) between 1 and 3650 days.")
            : null;

    private static Rejection Invalid(string message) => Rejection.Invalid(RejectionCodes.InvalidPolicy, message);
}
