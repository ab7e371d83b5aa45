using EventSourcedTenancy.AuditStreaming;
using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Hosting;
using EventSourcedTenancy.Identity;
using EventSourcedTenancy.RecycleBin;
using Wolverine;

var builder = WebApplication.CreateBuilder(args);

var settings = ServiceSettings.From(builder.Configuration);
builder.Services.AddSingleton(settings);
builder.Services.AddSingleton(RecycleBinSettings.From(builder.Configuration));
builder.Services.AddSingleton(IdempotencySettings.From(builder.Configuration));
builder.Services.AddHostedService<IdempotencyCleanup>();
builder.Services.AddHostedService<EventSourcedTenancy.Tenants.ImpersonationExpiry>();

builder.ConfigureLogging();
builder.Services.AddEventStore(settings);
builder.Host.UseWolverine(opts => opts.ConfigureMessaging(settings));
builder.Services.AddTokenAuthentication(TokenSettings.From(builder.Configuration));
builder.Services.AddHttpInterface();
builder.Services.AddHealth();
builder.Services.AddTelemetry(builder.Configuration);
builder.Services.AddAuditStreaming(builder.Configuration);

var app = builder.Build();

app.MapHttpInterface();
app.MapHealth();

return await app.RunServiceAsync(args, settings);

/// <summary>The service's entry point; public so the integration tests can host it.</summary>
public partial class Program;
