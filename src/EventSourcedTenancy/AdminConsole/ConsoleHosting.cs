using EventSourcedTenancy.Identity;
using EventSourcedTenancy.Tenants;
using EventSourcedTenancy.Users;
using Marten;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.FileProviders;

namespace EventSourcedTenancy.AdminConsole;

/// <summary>
/// The administration console: static pages served by the service itself from the assembly (nothing loaded
/// from elsewhere), which call the same HTTP endpoints as any client. In Development a person signs in by
/// picking an account (a development token is minted); elsewhere by pasting the identity provider's token.
/// </summary>
public static class ConsoleHosting
{
    public const string Path = "/console";

    /// <summary>The page may load and call only the service itself.</summary>
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; " +
        "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    public static WebApplication MapConsole(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var files = new EmbeddedFileProvider(typeof(ConsoleHosting).Assembly, "EventSourcedTenancy.AdminConsole.Assets");
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            RequestPath = Path,
            OnPrepareResponse = context => Secure(context.Context.Response),
        });

        // One route for /console and /console/ (routing does not tell them apart): the page's relative links need the slash.
        app.MapGet(Path, (HttpContext http) =>
        {
            if (!http.Request.Path.Value!.EndsWith('/'))
            {
                return Results.Redirect($"{Path}/");
            }

            Secure(http.Response);
            return Results.Stream(files.GetFileInfo("index.html").CreateReadStream(), "text/html; charset=utf-8");
        }).ExcludeFromDescription();
        app.MapGet($"{Path}/settings.json", (IHostEnvironment environment) => Results.Ok(new ConsoleSettings(environment.IsDevelopment())))
            .ExcludeFromDescription();

        if (app.Environment.IsDevelopment())
        {
            MapDevelopmentSignIn(app);
        }

        app.Lifetime.ApplicationStarted.Register(() => PrintAddress(app));
        return app;
    }

    private static void Secure(HttpResponse response)
    {
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers.CacheControl = "no-cache";
    }

    /// <summary>
    /// Development only (the published development key signs the tokens): the accounts one may sign in as, and a
    /// token for one of them. Never mapped in another environment.
    /// </summary>
    private static void MapDevelopmentSignIn(WebApplication app)
    {
        app.MapGet($"{Path}/dev/accounts", async (IDocumentStore store, CancellationToken cancellation) =>
        {
            await using var session = store.QuerySession();
            var accounts = await session.Query<UserView>()
                .Where(u => u.State == Accounts.AccountState.Active)
                .OrderBy(u => u.Email)
                .Take(500)
                .ToListAsync(cancellation);
            var tenantIds = accounts.Select(a => a.TenantId).Distinct().ToArray();
            var tenants = (await session.Query<Tenant>().Where(t => t.Id.IsOneOf(tenantIds)).ToListAsync(cancellation)).ToDictionary(t => t.Id, t => t.Name);
            return Results.Ok(accounts.Select(a => new DevelopmentAccount(
                a.Id, a.Email, $"{a.FirstName} {a.LastName}".Trim(), a.TenantId, tenants.GetValueOrDefault(a.TenantId, "?"), a.Role)));
        }).ExcludeFromDescription();

        app.MapPost($"{Path}/dev/token", async (DevelopmentTokenRequest request, IDocumentStore store, TokenIssuer issuer, CancellationToken cancellation) =>
        {
            await using var session = store.QuerySession();
            if (request.AccountId == Guid.Empty || await session.LoadAsync<UserView>(request.AccountId, cancellation) is not { State: Accounts.AccountState.Active })
            {
                return Results.Problem(
                    statusCode: StatusCodes.Status404NotFound, title: "No such active account",
                    detail: "Pick an active account from the list (GET /console/dev/accounts).",
                    extensions: new Dictionary<string, object?> { ["code"] = "account_not_found" });
            }

            return Results.Ok(new DevelopmentToken(issuer.Mint(request.AccountId, lifetime: TimeSpan.FromHours(8))));
        }).ExcludeFromDescription();
    }

    private static void PrintAddress(WebApplication app)
    {
        var addresses = app.Services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses;
        if (addresses is { Count: > 0 })
        {
            app.Logger.LogInformation("Console: {Address}{Path}/  API reference: {Address}/docs", addresses.First(), Path, addresses.First());
        }
    }
}

public sealed record ConsoleSettings(bool DevelopmentSignIn);

public sealed record DevelopmentAccount(Guid Id, string? Email, string Name, Guid TenantId, string TenantName, string Role);

public sealed record DevelopmentTokenRequest(Guid AccountId);

public sealed record DevelopmentToken(string Token);
