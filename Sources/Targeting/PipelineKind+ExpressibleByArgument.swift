import ArgumentParser
import WireFormat

extension PipelineKind: ExpressibleByArgument {}
