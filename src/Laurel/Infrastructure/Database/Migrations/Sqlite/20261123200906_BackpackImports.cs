using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Laurel.Infrastructure.Database.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class BackpackImports : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ImportedCredentials",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PersonId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Format = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    SourceUrl = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: true),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    CredentialText = table.Column<string>(type: "TEXT", nullable: false),
                    ContentHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    IssuerId = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: true),
                    IssuerName = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    AchievementId = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: true),
                    AchievementName = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    AchievementDescription = table.Column<string>(type: "TEXT", nullable: true),
                    AchievementType = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    ImageUrl = table.Column<string>(type: "TEXT", nullable: true),
                    AlignmentTargets = table.Column<string>(type: "TEXT", nullable: false),
                    Credits = table.Column<decimal>(type: "TEXT", precision: 6, scale: 2, nullable: true),
                    EqfLevel = table.Column<int>(type: "INTEGER", nullable: true),
                    IssuedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ValidUntil = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    VerificationReportJson = table.Column<string>(type: "TEXT", nullable: false),
                    VerifiedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ImportedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ImportedCredentials", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ImportedCredentials_Persons_PersonId",
                        column: x => x.PersonId,
                        principalTable: "Persons",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ImportedCredentials_PersonId_ContentHash",
                table: "ImportedCredentials",
                columns: new[] { "PersonId", "ContentHash" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ImportedCredentials");
        }
    }
}
