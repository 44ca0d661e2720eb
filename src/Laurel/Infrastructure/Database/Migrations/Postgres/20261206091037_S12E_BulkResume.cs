using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Laurel.Infrastructure.Database.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class S12E_BulkResume : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "LeaseId",
                table: "BulkUploads",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "BulkUploadAwards",
                columns: table => new
                {
                    BulkUploadId = table.Column<Guid>(type: "uuid", nullable: false),
                    Line = table.Column<int>(type: "integer", nullable: false),
                    AwardId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BulkUploadAwards", x => new { x.BulkUploadId, x.Line });
                    table.ForeignKey(
                        name: "FK_BulkUploadAwards_BulkUploads_BulkUploadId",
                        column: x => x.BulkUploadId,
                        principalTable: "BulkUploads",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_BulkUploadAwards_AwardId",
                table: "BulkUploadAwards",
                column: "AwardId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "BulkUploadAwards");

            migrationBuilder.DropColumn(
                name: "LeaseId",
                table: "BulkUploads");
        }
    }
}
