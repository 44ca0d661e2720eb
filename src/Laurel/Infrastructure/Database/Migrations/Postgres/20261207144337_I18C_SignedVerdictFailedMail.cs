using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Laurel.Infrastructure.Database.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class I18C_SignedVerdictFailedMail : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_OutboxMessages_Institution_Failed",
                table: "OutboxMessages");

            migrationBuilder.AddColumn<byte[]>(
                name: "SignedSha256",
                table: "Awards",
                type: "bytea",
                maxLength: 32,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_OutboxMessages_Institution_Failed",
                table: "OutboxMessages",
                columns: new[] { "InstitutionId", "FailedAt" },
                filter: "\"SentAt\" IS NULL AND \"FailedAt\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_OutboxMessages_Institution_Failed",
                table: "OutboxMessages");

            migrationBuilder.DropColumn(
                name: "SignedSha256",
                table: "Awards");

            migrationBuilder.CreateIndex(
                name: "IX_OutboxMessages_Institution_Failed",
                table: "OutboxMessages",
                columns: new[] { "InstitutionId", "FailedAt" },
                filter: "\"FailedAt\" IS NOT NULL");
        }
    }
}
