package org.cinegraph.render.cli;

import org.cinegraph.models.ModelRuntime;
import org.cinegraph.spi.FrameRange;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Option values parsed by the domain's own parsers, their messages passed on as usage errors (exit 2). */
final class Converters {
    private Converters() {
    }

    static final class Frames implements ITypeConverter<FrameRange> {
        @Override
        public FrameRange convert(String value) {
            try {
                return FrameRange.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class Device implements ITypeConverter<ModelRuntime.DeviceChoice> {
        @Override
        public ModelRuntime.DeviceChoice convert(String value) {
            try {
                return ModelRuntime.DeviceChoice.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
