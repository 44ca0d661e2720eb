using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Laurel.Infrastructure.Database.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AwardClaims : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Awards_AchievementId_RecipientIdentity",
                table: "Awards");

            migrationBuilder.AddColumn<DateTime>(
                name: "ClaimDecidedAt",
                table: "Awards",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ClaimRemindersSent",
                table: "Awards",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTime>(
                name: "LeasedUntil",
                table: "Awards",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "ClaimRequired",
                table: "Achievements",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "EvidenceRequired",
                table: "Achievements",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "NarrativeRequired",
                table: "Achievements",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "ClaimSettings",
                columns: table => new
                {
                    InstitutionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ReminderDays = table.Column<string>(type: "TEXT", nullable: false),
                    ExpiryDays = table.Column<int>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ClaimSettings", x => x.InstitutionId);
                    table.ForeignKey(
                        name: "FK_ClaimSettings_Institutions_InstitutionId",
                        column: x => x.InstitutionId,
                        principalTable: "Institutions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Awards_State_IssuedAt",
                table: "Awards",
                columns: new[] { "State", "IssuedAt" });

            migrationBuilder.CreateIndex(
                name: "UX_Awards_Held_Identity",
                table: "Awards",
                columns: new[] { "AchievementId", "RecipientIdentity" },
                unique: true,
                filter: "\"State\" IN ('Issued', 'Suspended', 'Scheduled', 'AwaitingClaim')");

            migrationBuilder.CreateIndex(
                name: "UX_Awards_Held_Person",
                table: "Awards",
                columns: new[] { "AchievementId", "RecipientPersonId" },
                unique: true,
                filter: "\"State\" IN ('Issued', 'Suspended', 'Scheduled', 'AwaitingClaim') AND \"RecipientPersonId\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ClaimSettings");

            migrationBuilder.DropIndex(
                name: "IX_Awards_State_IssuedAt",
                table: "Awards");

            migrationBuilder.DropIndex(
                name: "UX_Awards_Held_Identity",
                table: "Awards");

            migrationBuilder.DropIndex(
                name: "UX_Awards_Held_Person",
                table: "Awards");

            migrationBuilder.DropColumn(
                name: "ClaimDecidedAt",
                table: "Awards");

            migrationBuilder.DropColumn(
                name: "ClaimRemindersSent",
                table: "Awards");

            migrationBuilder.DropColumn(
                name: "LeasedUntil",
                table: "Awards");

            migrationBuilder.DropColumn(
                name: "ClaimRequired",
                table: "Achievements");

            migrationBuilder.DropColumn(
                name: "EvidenceRequired",
                table: "Achievements");

            migrationBuilder.DropColumn(
                name: "NarrativeRequired",
                table: "Achievements");

            migrationBuilder.CreateIndex(
                name: "IX_Awards_AchievementId_RecipientIdentity",
                table: "Awards",
                columns: new[] { "AchievementId", "RecipientIdentity" });
        }
    }
}
