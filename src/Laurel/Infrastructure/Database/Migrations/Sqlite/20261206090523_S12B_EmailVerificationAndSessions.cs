using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Laurel.Infrastructure.Database.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class S12B_EmailVerificationAndSessions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "EmailVerification",
                table: "Persons",
                type: "TEXT",
                maxLength: 16,
                nullable: false,
                defaultValue: "None");

            migrationBuilder.AddColumn<string>(
                name: "SecurityStamp",
                table: "Persons",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "EmailVerification",
                table: "LinkedIdentities",
                type: "TEXT",
                maxLength: 16,
                nullable: false,
                defaultValue: "None");

            // Laurel never stored the provider's email_verified claim: existing addresses are "not recorded" (they match no
            // award) until EmailVerificationBackfill decides them at start-up from the providers' EmailsAreVerified setting.
            migrationBuilder.Sql("UPDATE \"Persons\" SET \"EmailVerification\" = 'NotRecorded' WHERE \"Email\" IS NOT NULL;");
            migrationBuilder.Sql("UPDATE \"LinkedIdentities\" SET \"EmailVerification\" = 'NotRecorded' WHERE \"Email\" IS NOT NULL;");

            migrationBuilder.CreateTable(
                name: "EmailVerificationTokens",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PersonId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Address = table.Column<string>(type: "TEXT", maxLength: 320, nullable: false),
                    TokenHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UsedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EmailVerificationTokens", x => x.Id);
                    table.ForeignKey(
                        name: "FK_EmailVerificationTokens_Persons_PersonId",
                        column: x => x.PersonId,
                        principalTable: "Persons",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_EmailVerificationTokens_PersonId_CreatedAt",
                table: "EmailVerificationTokens",
                columns: new[] { "PersonId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_EmailVerificationTokens_TokenHash",
                table: "EmailVerificationTokens",
                column: "TokenHash",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "EmailVerificationTokens");

            migrationBuilder.DropColumn(
                name: "EmailVerification",
                table: "Persons");

            migrationBuilder.DropColumn(
                name: "SecurityStamp",
                table: "Persons");

            migrationBuilder.DropColumn(
                name: "EmailVerification",
                table: "LinkedIdentities");
        }
    }
}
