import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { BootstrapAdmin } from './bootstrap-admin';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

/** Admin user management and the bootstrap admin; imported by the API only. */
@Module({
  imports: [AuthModule],
  controllers: [UsersController],
  providers: [UsersService, BootstrapAdmin],
  exports: [UsersService],
})
export class UsersModule {}
