using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Laurel.Infrastructure.Database.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class S12A_ImportTrust : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<List<string>>(
                name: "AcceptedIssuers",
                table: "PathwayItems",
                type: "text[]",
                nullable: false,
                defaultValueSql: "ARRAY[]::text[]");

            migrationBuilder.AddColumn<string>(
                name: "ProvenIssuerId",
                table: "ImportedCredentials",
                type: "character varying(2048)",
                maxLength: 2048,
                nullable: true);

            // Rows from before this column are "not checked yet" (they stop counting for pathways until checked again), not "Matched":
            // their old recipient match may have used unverified addresses.
            migrationBuilder.AddColumn<string>(
                name: "Recipient",
                table: "ImportedCredentials",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "Unchecked");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "AcceptedIssuers",
                table: "PathwayItems");

            migrationBuilder.DropColumn(
                name: "ProvenIssuerId",
                table: "ImportedCredentials");

            migrationBuilder.DropColumn(
                name: "Recipient",
                table: "ImportedCredentials");
        }
    }
}
