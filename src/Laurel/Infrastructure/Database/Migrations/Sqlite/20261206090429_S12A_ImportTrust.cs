using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Laurel.Infrastructure.Database.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class S12A_ImportTrust : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "AcceptedIssuers",
                table: "PathwayItems",
                type: "TEXT",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<string>(
                name: "ProvenIssuerId",
                table: "ImportedCredentials",
                type: "TEXT",
                maxLength: 2048,
                nullable: true);

            // Rows from before this column are "not checked yet" (they stop counting for pathways until checked again), not "Matched":
            // their old recipient match may have used unverified addresses.
            migrationBuilder.AddColumn<string>(
                name: "Recipient",
                table: "ImportedCredentials",
                type: "TEXT",
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
