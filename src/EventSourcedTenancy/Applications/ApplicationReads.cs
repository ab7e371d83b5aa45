using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Rules;
using Marten;
using Marten.Pagination;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace EventSourcedTenancy.Applications;

/// <summary>A secret of an application as readers see it: which one, and until when it is valid. Never the secret nor its hash.</summary>
public sealed record ClientSecretInfo(Guid SecretId, bool Current, DateTimeOffset? ValidUntil);

/// <summary>An application's configuration, without secrets (seed 003: Viewers see configurations without secrets).</summary>
public sealed record ApplicationView(
    Guid Id, Guid TenantId, string Name, ApplicationKind Kind, IReadOnlyList<string> RedirectUris, bool Enabled, bool Deleted,
    bool Confidential, IReadOnlyList<ClientSecretInfo> Secrets)
{
    public static ApplicationView From(Application application, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(application);
        return new(application.Id, application.TenantId, application.Name, application.Kind, application.RedirectUris, application.Enabled,
            application.IsDeleted, Application.KeepsSecret(application.Kind),
            [.. application.Secrets.Where(s => s.IsValidAt(now)).Select(s => new ClientSecretInfo(s.SecretId, s.ValidUntil is null, s.ValidUntil))]);
    }
}

public sealed record ApplicationPage(IReadOnlyList<ApplicationView> Items, int Page, int PageSize, long Total);

public static class ApplicationReadEndpoints
{
    public const int MaxPageSize = 500;

    [WolverineGet("/applications/{applicationId}", OperationId = "GetApplication")]
    [ProducesResponseType<Versioned<ApplicationView>>(StatusCodes.Status200OK)]
    [Tags("Applications")]
    [EndpointSummary("The application's configuration with its stream version (also the ETag), without secrets: which secrets are valid and until when. Needs ViewApplications in its tenant; anyone else gets 404, as for an unknown id.")]
    public static Task<IResult> Get(Guid applicationId, HttpContext http, ReadAccess access, TimeProvider clock) =>
        access.ReadAsync<Application, ApplicationView>(
            http, applicationId, a => a.TenantId,
            (actor, _) => actor.Has(Capability.ViewApplications),
            (_, application) => ApplicationView.From(application, clock.GetUtcNow()),
            Missing.Application);

    [WolverineGet("/tenants/{tenantId}/applications", OperationId = "ListApplications")]
    [ProducesResponseType<ApplicationPage>(StatusCodes.Status200OK)]
    [Tags("Applications")]
    [EndpointSummary("Lists the tenant's applications by name, without secrets: ?deleted=true for those in the recycle bin, page, pageSize (up to 500). Needs ViewApplications.")]
    public static async Task<IResult> List(
        Guid tenantId, HttpContext http, IDocumentStore store, CommandLoader loader, TimeProvider clock, bool? deleted, int? page, int? pageSize)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(loader);
        ArgumentNullException.ThrowIfNull(clock);
        var size = pageSize ?? 50;
        var number = page ?? 1;
        if (number < 1 || size is < 1 or > MaxPageSize)
        {
            return CommandOutcome.Reject(Rejection.Invalid(RejectionCodes.InvalidQuery, $"page starts at 1 and pageSize is between 1 and {MaxPageSize}.")).ToHttp();
        }

        await using var session = store.QuerySession();
        var (chain, caller) = await loader.CallerInAsync(session, CommandMetadata.FromHttp(http), tenantId, http.RequestAborted);
        if (ReadAccess.Refusal(chain, caller, tenantId, Capability.ViewApplications) is { } refusal)
        {
            return CommandOutcome.Reject(refusal).ToHttp();
        }

        var inBin = deleted == true;
        var found = await session.Query<Application>()
            .Where(a => a.TenantId == tenantId && a.IsDeleted == inBin)
            .OrderBy(a => a.Name).ThenBy(a => a.Id)
            .ToPagedListAsync(number, size, http.RequestAborted);
        var now = clock.GetUtcNow();
        return Results.Ok(new ApplicationPage([.. found.Select(a => ApplicationView.From(a, now))], number, size, found.TotalItemCount));
    }
}
