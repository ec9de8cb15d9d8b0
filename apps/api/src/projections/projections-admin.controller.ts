import { Controller, Get, HttpCode, Logger, NotFoundException, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ProjectionEngine } from '@vakregister/projections';
import { Access } from '../access/access.decorators';

function view(status: ReturnType<ProjectionEngine['status']>[number]) {
  return {
    name: status.name,
    version: status.version,
    state: status.rebuild ? 'rebuilding' : status.state,
    checkpoint: status.checkpoint.toString(),
    ...(status.rebuild
      ? {
          rebuild: {
            position: status.rebuild.position.toString(),
            head: status.rebuild.head.toString(),
          },
        }
      : {}),
    ...(status.failure
      ? { failure: { ...status.failure, position: status.failure.position.toString() } }
      : {}),
  };
}

@ApiTags('operations')
@Controller('v1/admin/projections')
export class ProjectionsAdminController {
  private readonly logger = new Logger('Projections');

  constructor(private readonly engine: ProjectionEngine) {}

  @Get()
  @Access({ roles: ['registrar', 'auditor'] })
  @ApiOperation({ summary: 'Each projection: state, checkpoint, rebuild progress, failure' })
  list() {
    return { projections: this.engine.status().map(view) };
  }

  @Post(':name/rebuild')
  @HttpCode(202)
  @Access({ roles: ['registrar'] })
  @ApiOperation({
    summary: 'Rebuild a projection from zero into fresh tables; the old ones serve until the swap',
  })
  rebuild(@Param('name') name: string) {
    if (!this.engine.names().includes(name)) {
      throw new NotFoundException(
        `No projection named ${name}; there are ${this.engine.names().join(', ')}.`,
      );
    }
    const current = this.engine.status().find((status) => status.name === name);
    if (current?.rebuild) return view(current);
    this.engine.rebuild(name).catch((error: unknown) => {
      this.logger.error(`Rebuild of ${name} failed: ${(error as Error).message}`);
    });
    return view(this.engine.status().find((status) => status.name === name)!);
  }
}
