using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Laurel.Infrastructure.Database.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class I19_StandardsDoors : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ElmSeals",
                columns: table => new
                {
                    InstitutionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProtectedPrivateKey = table.Column<string>(type: "TEXT", maxLength: 16384, nullable: false),
                    CertificateChain = table.Column<string>(type: "TEXT", maxLength: 65536, nullable: false),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    IssuerName = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    NotBefore = table.Column<DateTime>(type: "TEXT", nullable: false),
                    NotAfter = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ClaimsQualified = table.Column<bool>(type: "INTEGER", nullable: false),
                    UploadedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UploadedByPersonId = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ElmSeals", x => x.InstitutionId);
                    table.ForeignKey(
                        name: "FK_ElmSeals_Institutions_InstitutionId",
                        column: x => x.InstitutionId,
                        principalTable: "Institutions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ObApiClients",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    SecretHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ClientUri = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: false),
                    LogoUri = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: false),
                    TosUri = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: false),
                    PolicyUri = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: false),
                    SoftwareId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    SoftwareVersion = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    RedirectUris = table.Column<string>(type: "TEXT", maxLength: 20490, nullable: false),
                    Scopes = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    Contacts = table.Column<string>(type: "TEXT", maxLength: 2010, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ObApiClients", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ObConnections",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PersonId = table.Column<Guid>(type: "TEXT", nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ApiBaseUrl = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: false),
                    HostName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    AuthorizationUrl = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: false),
                    TokenUrl = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: false),
                    RefreshUrl = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: true),
                    RevocationUrl = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: true),
                    ClientId = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    ProtectedClientSecret = table.Column<string>(type: "TEXT", nullable: false),
                    StateHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    ProtectedCodeVerifier = table.Column<string>(type: "TEXT", nullable: true),
                    ProtectedAccessToken = table.Column<string>(type: "TEXT", nullable: true),
                    ProtectedRefreshToken = table.Column<string>(type: "TEXT", nullable: true),
                    AccessTokenExpiresAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Scope = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ConnectedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ObConnections", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ObConnections_Persons_PersonId",
                        column: x => x.PersonId,
                        principalTable: "Persons",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ObApiGrants",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ClientId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    PersonId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Scopes = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    CodeHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CodeChallenge = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    RedirectUri = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: false),
                    CodeExpiresAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CodeUsedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LastUsedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    RevokedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ObApiGrants", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ObApiGrants_ObApiClients_ClientId",
                        column: x => x.ClientId,
                        principalTable: "ObApiClients",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ObApiGrants_Persons_PersonId",
                        column: x => x.PersonId,
                        principalTable: "Persons",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ObApiTokens",
                columns: table => new
                {
                    Hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    GrantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    Scopes = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UsedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ObApiTokens", x => x.Hash);
                    table.ForeignKey(
                        name: "FK_ObApiTokens_ObApiGrants_GrantId",
                        column: x => x.GrantId,
                        principalTable: "ObApiGrants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ObApiClients_CreatedAt",
                table: "ObApiClients",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_ObApiGrants_ClientId",
                table: "ObApiGrants",
                column: "ClientId");

            migrationBuilder.CreateIndex(
                name: "IX_ObApiGrants_CodeHash",
                table: "ObApiGrants",
                column: "CodeHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ObApiGrants_PersonId_ClientId",
                table: "ObApiGrants",
                columns: new[] { "PersonId", "ClientId" });

            migrationBuilder.CreateIndex(
                name: "IX_ObApiTokens_ExpiresAt",
                table: "ObApiTokens",
                column: "ExpiresAt");

            migrationBuilder.CreateIndex(
                name: "IX_ObApiTokens_GrantId",
                table: "ObApiTokens",
                column: "GrantId");

            migrationBuilder.CreateIndex(
                name: "IX_ObConnections_PersonId",
                table: "ObConnections",
                column: "PersonId");

            migrationBuilder.CreateIndex(
                name: "IX_ObConnections_StateHash",
                table: "ObConnections",
                column: "StateHash",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ElmSeals");

            migrationBuilder.DropTable(
                name: "ObApiTokens");

            migrationBuilder.DropTable(
                name: "ObConnections");

            migrationBuilder.DropTable(
                name: "ObApiGrants");

            migrationBuilder.DropTable(
                name: "ObApiClients");
        }
    }
}
