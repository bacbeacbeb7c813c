using Bridgehead.Data;
using Microsoft.EntityFrameworkCore.Design;

namespace Bridgehead.Migrations.Postgres;

/// <summary>Lets `dotnet ef` build the model for PostgreSQL without a server (nothing connects while adding a migration).</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<BridgeheadDb>
{
    public BridgeheadDb CreateDbContext(string[] args) => new(Database.Options("Host=localhost;Database=bridgehead_design"));
}
